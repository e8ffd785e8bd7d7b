// Validate GLB/glTF files with the Khronos glTF validator (npm `gltf-validator`).
// Usage: node validate.js FILE...   Prints one JSON object: {"FILE": {errors, warnings, infos,
// messages: [first 20 error/warning messages]}, ...}. Exit code 0 if no file has errors, 1 if
// some do, 2 for bad usage. External URIs are never loaded (the starter library has none).
"use strict";
const fs = require("fs");
const path = require("path");
const validator = require("gltf-validator");

async function validate(file) {
  const data = new Uint8Array(fs.readFileSync(file));
  const report = await validator.validateBytes(data, {
    uri: path.basename(file),
    maxIssues: 100,
    externalResourceFunction: (uri) =>
      Promise.reject(new Error(`external resource ${uri} not loaded`)),
  });
  const issues = report.issues;
  return {
    errors: issues.numErrors,
    warnings: issues.numWarnings,
    infos: issues.numInfos,
    messages: issues.messages
      .filter((m) => m.severity <= 1)
      .slice(0, 20)
      .map((m) => `${m.severity === 0 ? "error" : "warning"} ${m.code} ${m.pointer || ""}: ${m.message}`),
  };
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: node validate.js FILE...");
    process.exit(2);
  }
  const out = {};
  let failed = false;
  for (const file of files) {
    try {
      out[file] = await validate(file);
    } catch (err) {
      out[file] = { errors: 1, warnings: 0, infos: 0, messages: [`error ${err}`] };
    }
    failed = failed || out[file].errors > 0;
  }
  console.log(JSON.stringify(out, null, 1));
  process.exit(failed ? 1 : 0);
}

main();
