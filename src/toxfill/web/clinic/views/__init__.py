"""The clinic workspace's pages, one module per journey: sign-in, dashboard, patients,
charting, adverse events, lots and recall, follow-ups, reports and exports."""
