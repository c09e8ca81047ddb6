// Run a quizkit Google Forms script against the FormApp stand-in and print what it built as JSON.
// Usage: node run-forms-script.js FILE [--forms-api] [--grade JSON]. With --forms-api the advanced
// Forms service is there (as when the teacher has added it); without it, `Forms` is not defined, as
// in Apps Script. --grade '["five.", ...]' grades each typed answer against every keyed short-answer
// item, as the stand-in's gradeTextResponse does: `grades` maps an item's index to one result each.
// A call the reference does not allow prints the stand-in's message and exits 1.
"use strict";
const fs = require("fs");
const vm = require("vm");
const { makeFormApp, makeFormsService, gradeTextResponse, StandInError } = require("./formapp-standin.js");

const source = fs.readFileSync(process.argv[2], "utf8");
const record = { form: null, log: [] };
const sandbox = {
  FormApp: makeFormApp(record),
  Logger: Object.freeze({ log: (message) => record.log.push(String(message)) }),
};
if (process.argv.includes("--forms-api")) sandbox.Forms = makeFormsService(record);
const context = vm.createContext(sandbox);
try {
  vm.runInContext(source, context, { filename: process.argv[2] });
  vm.runInContext("buildQuiz()", context);
  const grade = process.argv.indexOf("--grade");
  if (grade > 0) {
    const typed = JSON.parse(process.argv[grade + 1]);
    record.grades = {};
    record.form.items.forEach((entry, index) => {
      if (Array.isArray(entry.key)) record.grades[index] = typed.map((response) => gradeTextResponse(entry, response));
    });
  }
} catch (error) {
  process.stderr.write(`${error instanceof StandInError || error.constructor.name === "StandInError" ? "stand-in" : "script"}: ${error.message}\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify(record));
