// Parse a GIFT file with gift-pegjs (a GIFT grammar written independently of quizkit) and print
// the questions as JSON. Usage: node gift-parse.js FILE. A syntax error prints where, and exits 1.
"use strict";
const fs = require("fs");
const gift = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(gift.parse(text)));
} catch (error) {
  const where = error.location ? `line ${error.location.start.line}, column ${error.location.start.column}: ` : "";
  process.stderr.write(`gift-pegjs: ${where}${error.message}\n`);
  process.exit(1);
}
