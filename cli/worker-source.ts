/**
 * The source of a worker thread (`new Worker(source, { eval: true })`) that runs the TypeScript module
 * `file` the way the npm scripts run the project: through cli/register.js.
 */
import * as path from "node:path";

const REGISTER = path.join(__dirname, "register.js");

export function typescriptWorkerSource(file: string): string {
    return `require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(file)});`;
}
