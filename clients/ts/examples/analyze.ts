// Usage: node dist/examples/analyze.js FILE [--server HOST:PORT]
//   (or: npm run analyze -- FILE)
// Prints the article's headline, a table of its entities and its quotes.
import { readFileSync } from "node:fs";

import {
  AnalyzeResponse,
  KhabarClient,
  KhabarError,
  entityTypeToJSON,
} from "../src";

function printReport(response: AnalyzeResponse): void {
  const structure = response.structure;
  console.log(`Headline: ${structure?.headline || "(none)"}`);

  console.log("\nEntities:");
  if (response.entities.length === 0) {
    console.log("  (none)");
  } else {
    // The Arabic name goes last: a right-to-left cell before others
    // would reorder the line in a terminal.
    const rows = response.entities.map((e) => [
      entityTypeToJSON(e.type).replace(/^ENTITY_TYPE_/, ""),
      e.salience.toFixed(2),
      String(e.mentions.length),
      e.name,
    ]);
    const header = ["type", "salience", "mentions", "name"];
    const widths = header.map((h, i) =>
      Math.max(h.length, ...rows.map((r) => r[i]!.length)),
    );
    const line = (cells: string[]) =>
      "  " +
      cells
        .map((c, i) => (i + 1 < cells.length ? c.padEnd(widths[i]!) : c))
        .join("  ");
    console.log(line(header));
    console.log(line(widths.map((w) => "-".repeat(w))));
    for (const row of rows) console.log(line(row));
  }

  console.log("\nQuotes:");
  if (response.quotes.length === 0) {
    console.log("  (none)");
  } else {
    for (const q of response.quotes) {
      const speaker = q.speakerText || "?";
      const text = q.direct ? `«${q.text}»` : q.text;
      console.log(`  ${speaker}${q.cue ? ` (${q.cue})` : ""}: ${text}`);
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let server = process.env.KHABAR_ADDRESS || "127.0.0.1:50051";
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--server" && i + 1 < argv.length) server = argv[++i]!;
    else if (arg.startsWith("--server=")) server = arg.slice("--server=".length);
    else files.push(arg);
  }
  if (files.length !== 1) {
    console.error("usage: analyze.js FILE [--server HOST:PORT]");
    return 2;
  }
  const text = readFileSync(files[0]!, "utf8");
  const client = new KhabarClient(server);
  try {
    printReport(await client.analyze(text, { id: files[0]! }));
    return 0;
  } catch (error) {
    if (!(error instanceof KhabarError)) throw error;
    console.error(`analyze: ${error.message}`);
    return 1;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
