// Writes the committed WSDL/XSD files (npm run axl-schema, after a build). The client does not
// read them: it renders the same text in memory. They are for reading, for the lab, and for
// diffing against Cisco's toolkit files.
import * as fs from "node:fs";
import * as path from "node:path";
import { AXL_SCHEMA_VERSIONS } from "./description";
import { renderAxlSchemaFiles } from "./render";

/** provider/backends/axl/schema in the source tree, from this module's compiled location (dist/provider/backends/axl/schema). */
export const SCHEMA_SOURCE_DIR = path.resolve(__dirname, "../../../../../provider/backends/axl/schema");

export function writeAxlSchemaFiles(directory: string = SCHEMA_SOURCE_DIR): string[] {
  const written: string[] = [];
  for (const [file, content] of renderAxlSchemaFiles(AXL_SCHEMA_VERSIONS)) {
    const target = path.join(directory, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    written.push(target);
  }
  return written;
}

if (require.main === module) {
  for (const file of writeAxlSchemaFiles()) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
