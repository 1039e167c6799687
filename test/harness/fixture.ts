/** Where the suite's own project lives: a module of its own, so specs can name it without loading stacks. */
import * as path from "node:path";

/**
 * The suite's own project (`test/fixtures/project`): its `stacks/config` and `stacks/environments`
 * are the fixtures the specs assert on. The shipped example files in the repository's `stacks/` are
 * an adopter's to replace; only `test/shipped` reads them, and it pins nothing of what they hold.
 */
export const FIXTURE_ROOT = path.join(__dirname, "..", "fixtures", "project");
