/**
 * Lambda deployment packages for the LambdaApi component:
 *
 * ```ts
 * new aws.lambda.Function(`${name}-items`, {
 *     runtime: LAMBDA_RUNTIME,            // "nodejs22.x"
 *     handler: ITEMS_HANDLER,             // "index.handler"
 *     code: lambdaArchive("items"),
 *     environment: { variables: { [TABLE_NAME_ENV]: table.name } },
 *     ...
 * }, { parent: this });
 * ```
 *
 * `lambdaArchive(entry)` bundles the handler and its dependencies (zod, jose, the shared library) with
 * esbuild into one CommonJS file, `index.js`, held in memory: nothing is written to disk. The AWS SDK v3
 * stays external, since the nodejs22.x runtime provides it. The output depends only on the sources
 * (paths are relative to the repository root), so an unchanged handler does not update its function.
 * esbuild's native binary comes from its platform package (`@esbuild/linux-x64` and siblings, optional
 * dependencies); no install script is needed.
 */
import * as path from "node:path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";
import {
    AUTHORIZER_HANDLER,
    BLOCK_LIST_HANDLER,
    FIREWALL_ALERTS_HANDLER,
    ITEMS_HANDLER,
    LAMBDA_RUNTIME,
} from "./contract";

export { AUTHORIZER_HANDLER, BLOCK_LIST_HANDLER, FIREWALL_ALERTS_HANDLER, ITEMS_HANDLER, LAMBDA_RUNTIME };

/** The functions that can be bundled. */
export type LambdaEntry = "items" | "authorizer" | "registrar" | "block-list" | "firewall-alerts";

const ENTRIES: Readonly<Record<LambdaEntry, string>> = {
    items: "services/items-lambda/items.ts",
    authorizer: "services/items-lambda/authorizer.ts",
    registrar: "services/onboarding-registrar/handler.ts",
    "block-list": "services/block-list/handler.ts",
    "firewall-alerts": "services/firewall-alerts/handler.ts",
};

const REPOSITORY_ROOT = path.resolve(__dirname, "..");
const bundles = new Map<LambdaEntry, string>();

/** The bundled `index.js` of `entry` (built once per process). */
export function bundleLambda(entry: LambdaEntry): string {
    const cached = bundles.get(entry);
    if (cached !== undefined) return cached;
    const result = esbuild.buildSync({
        absWorkingDir: REPOSITORY_ROOT,
        entryPoints: [ENTRIES[entry]],
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: false,
        sourcemap: false,
        legalComments: "none",
        external: ["@aws-sdk/*"],
        write: false,
        outfile: "index.js",
        logLevel: "silent",
    });
    const [output] = result.outputFiles;
    if (output === undefined) throw new Error(`esbuild produced no output for ${ENTRIES[entry]}`);
    bundles.set(entry, output.text);
    return output.text;
}

/** The deployment package of `entry`: an archive holding `index.js` (handler `index.handler`). */
export function lambdaArchive(entry: LambdaEntry): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleLambda(entry)) });
}

/**
 * The deployment package of `entry` with `config.json` next to `index.js`: configuration that is
 * too large for environment variables (4 KB) or known only once other resources exist.
 */
export function lambdaArchiveWithConfig(
    entry: LambdaEntry,
    config: pulumi.Input<object>,
): pulumi.Output<pulumi.asset.AssetArchive> {
    return pulumi.output(config).apply(
        (c) =>
            new pulumi.asset.AssetArchive({
                "index.js": new pulumi.asset.StringAsset(bundleLambda(entry)),
                "config.json": new pulumi.asset.StringAsset(JSON.stringify(c)),
            }),
    );
}
