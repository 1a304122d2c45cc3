// Prints the text of a PDF (pdf.js, through pdf-parse). It runs in a child process: Jest's module
// sandbox cannot load pdf.js, an ES module with dynamic imports.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { PDFParse } from 'pdf-parse';

const parser = new PDFParse({ data: new Uint8Array(readFileSync(process.argv[2])) });
try {
  process.stdout.write((await parser.getText()).text);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await parser.destroy();
}
