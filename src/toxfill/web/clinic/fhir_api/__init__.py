"""The read-only FHIR R4 API under /fhir/r4/, for a receiving EHR or a script.

    GET /fhir/r4/metadata                                      the CapabilityStatement (public)
    GET /fhir/r4/clinic/{clinic}/metadata                      the same, at a clinic's base
    GET /fhir/r4/clinic/{clinic}/Patient/{id}                  one Patient
    GET /fhir/r4/clinic/{clinic}/Patient/{id}/$everything      the patient's record (searchset)

Each clinic is its own FHIR base (`/fhir/r4/clinic/{clinic}`), as a multi-tenant FHIR server
puts its tenant in the base URL: the clinic is known, and the caller's membership of it
checked, before any patient is read, so every read names one clinic. The caller is a personal
token with the `fhir-read` scope (`Authorization: Bearer tfx_...`), which opens nothing else;
each read is written to the clinic's access log. Every refusal is an OperationOutcome.

Modules: `formats` (the media type, content negotiation, OperationOutcome), `capability`,
`searchset` (the export's collection Bundle as FHIR's read and $everything answers), `tokens`
(who is calling), `reads` (the clinic-scoped reads, logged), `views` and `urls`.
"""
