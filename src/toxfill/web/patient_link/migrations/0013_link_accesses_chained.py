"""What links opened joins the audit chain: each link-access and health-link-access row gets
its place and hash in its clinic's chain, and the database refuses to change or delete them,
as it does the clinic's own access log (clinic migration 0019).

The rows already written are appended at the end of each clinic's chain, in the order they were
written: the chain's order is the order rows entered it, and these enter it now.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations, models

from toxfill.web.clinic.audit_guard import guard

# model, the column saying when the row was written (the order the rows are appended in)
CHAINED = (("LinkAccess", "viewed_at"), ("HealthLinkAccess", "accessed_at"))
TABLES = tuple("patient_link_" + name.lower() for name, _written in CHAINED)
BATCH = 2000

_clinic_0019 = importlib.import_module("toxfill.web.clinic.migrations.0019_audit_chain")


def chain_written_rows(apps: Any, schema_editor: Any) -> None:
    from toxfill.web.clinic.audit_chain import GENESIS, row_hash

    heads = apps.get_model("clinic", "AuditChainHead")._default_manager
    models_written = [(apps.get_model("patient_link", name), written) for name, written in CHAINED]
    clinic_ids = set()
    for model, _written in models_written:
        clinic_ids |= set(model._default_manager.values_list("clinic_id", flat=True).distinct())
    for clinic_id in sorted(clinic_ids):
        head = heads.filter(clinic_id=clinic_id).first()
        seq, previous = (head.seq, head.hash) if head else (0, GENESIS)
        order = sorted(
            (when, index, pk)
            for index, (model, written) in enumerate(models_written)
            for when, pk in model._default_manager.filter(clinic_id=clinic_id).values_list(
                written, "pk"
            )
        )
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            fetched = {
                index: models_written[index][0]._default_manager.in_bulk(
                    [pk for _when, i, pk in batch if i == index]
                )
                for index in {i for _when, i, _pk in batch}
            }
            for _when, index, pk in batch:
                row = fetched[index][pk]
                seq += 1
                row.chain_seq = seq
                row.chain_hash = previous = row_hash(previous, row, clinic_id)
            for index, rows in fetched.items():
                models_written[index][0]._default_manager.bulk_update(
                    list(rows.values()), ["chain_seq", "chain_hash"], batch_size=500
                )
        if head is None:
            heads.create(clinic_id=clinic_id, seq=seq, hash=previous)
        else:
            heads.filter(pk=head.pk).update(seq=seq, hash=previous)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0019_audit_chain"),
        ("patient_link", "0012_events_reported_through_links"),
    ]

    operations = [
        *(op for name, _written in CHAINED for op in _clinic_0019._chain_fields(name)),
        migrations.RunPython(chain_written_rows, migrations.RunPython.noop, elidable=False),
        *(
            migrations.AddConstraint(
                model_name=name.lower(),
                constraint=models.UniqueConstraint(
                    fields=("clinic", "chain_seq"), name=f"patient_link_{name.lower()}_chain_seq"
                ),
            )
            for name, _written in CHAINED
        ),
        guard(*TABLES),
    ]
