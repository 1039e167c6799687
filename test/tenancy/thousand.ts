/**
 * A generated environment of many spokes (1,000 by default), written as a project of its own under a
 * temporary root: the fixture project's `dev` environment with `count` spoke accounts, a spoke
 * request for each (a /22 of a spoke pool large enough), and the hub stacks.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { FIXTURE_ROOT } from "../harness/fixture";

/** The generated environment's name. */
export const SCALE_ENV = "scale";

/** The account of spoke `i` (0-based). */
export const scaleAccount = (i: number): string => String(700000000000 + i);

/** Writes the environment and its stack files under a new temporary root; returns the root. */
export function generateScaleEnvironment(count: number): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-scale-"));
    const environments = path.join(root, "stacks", "environments");
    const configs = path.join(root, "stacks", "config");
    fs.mkdirSync(environments, { recursive: true });
    fs.mkdirSync(configs, { recursive: true });
    const env = parse(
        fs.readFileSync(path.join(FIXTURE_ROOT, "stacks", "environments", "dev.yaml"), "utf8"),
    ) as {
        name: string;
        accounts: { spokes: { id: string; deployerRoleArn: string }[] };
        addressing: { supernet: string; spokePool: string };
    };
    env.name = SCALE_ENV;
    env.accounts.spokes = Array.from({ length: count }, (_, i) => ({
        id: scaleAccount(i),
        deployerRoleArn: `arn:aws:iam::${scaleAccount(i)}:role/hub-network-deployer`,
    }));
    // 8,192 /22s: room for every spoke; the hub VPCs (10.64.x) stay inside the supernet, outside the pool.
    env.addressing = { ...env.addressing, supernet: "10.0.0.0/8", spokePool: "10.128.0.0/9" };
    fs.writeFileSync(path.join(environments, `${SCALE_ENV}.yaml`), stringify(env));
    for (const role of ["network", "security"]) {
        const text = fs.readFileSync(
            path.join(FIXTURE_ROOT, "stacks", "config", `Pulumi.${role}-dev.yaml`),
            "utf8",
        );
        fs.writeFileSync(
            path.join(configs, `Pulumi.${role}-${SCALE_ENV}.yaml`),
            text.replace(/environment: dev/, `environment: ${SCALE_ENV}`),
        );
    }
    for (let i = 0; i < count; i++) {
        const name = `s${String(i + 1).padStart(4, "0")}`;
        const cidr = `10.${128 + Math.floor(i / 64)}.${(i % 64) * 4}.0/22`;
        const config = {
            config: {
                "aws:region": "eu-west-1",
                "aws:allowedAccountIds": [scaleAccount(i)],
                "hub-network:role": "spoke",
                "hub-network:environment": SCALE_ENV,
                "hub-network:spoke": {
                    name,
                    account: scaleAccount(i),
                    owner: `${name}-team@example.com`,
                    cidr,
                    availabilityZones: 2,
                    workload: "lambda-api",
                    inspection: "none",
                    dr: false,
                    interfaceEndpoints: [],
                    tags: {},
                },
            },
        };
        fs.writeFileSync(path.join(configs, `Pulumi.spoke-${name}-${SCALE_ENV}.yaml`), stringify(config));
    }
    return root;
}
