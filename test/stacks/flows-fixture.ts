/**
 * The flow tests' own environment (`lab`, test/fixtures/flows): two regions, a VPN, an ecs-api spoke
 * with GWLB inspection and no DR, a lambda-api spoke with DR and flows of its own. Tests copy it and
 * edit the copy; nothing here reads the shipped example files.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument, type Document } from "yaml";

/** The fixture project's folder. */
export const FLOWS_FIXTURE = path.join(__dirname, "../fixtures/flows");

/** A temporary copy of the fixture with `edits` applied to the YAML files they name (paths under the root). */
export function flowsProject(edits: Readonly<Record<string, (doc: Document) => void>> = {}): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-flows-"));
    fs.cpSync(FLOWS_FIXTURE, root, { recursive: true });
    for (const [file, edit] of Object.entries(edits)) {
        const full = path.join(root, file);
        const doc = parseDocument(fs.readFileSync(full, "utf8"));
        edit(doc);
        fs.writeFileSync(full, doc.toString());
    }
    return root;
}

export const LAB_ENV = "stacks/environments/lab.yaml";
