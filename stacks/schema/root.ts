/** Where the project is: a module of its own, so that the plan's entry point can use it cheaply. */
import * as path from "node:path";

/** The project root: the folder that holds Pulumi.yaml. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
