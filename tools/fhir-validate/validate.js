// FHIR.js (the npm package `fhir`) over FHIR JSON documents: each file named on the command line
// holds one resource or a JSON array of them. Prints one JSON object per line, each document's
// result: {"file", "index", "valid", "messages": [{severity, location, message}]}. Exit 0 when
// every document ran (valid or not); the caller judges the messages.
"use strict";
const fs = require("fs");
const { Fhir } = require("fhir");

const fhir = new Fhir(); // FHIR.js's own R4 (4.0.x) structure definitions and value sets
for (const file of process.argv.slice(2)) {
  const loaded = JSON.parse(fs.readFileSync(file, "utf8"));
  const documents = Array.isArray(loaded) ? loaded : [loaded];
  documents.forEach((document, index) => {
    // errorOnUnexpected: an element R4 does not define is an error, not ignored
    const result = fhir.validate(document, { errorOnUnexpected: true });
    const messages = (result.messages || []).map((m) => ({
      severity: m.severity,
      location: m.location,
      message: m.message,
    }));
    process.stdout.write(JSON.stringify({ file, index, valid: result.valid, messages }) + "\n");
  });
}
