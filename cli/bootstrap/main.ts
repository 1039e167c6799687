/**
 * `npm run bootstrap -- --env <env> --github-repo <owner/repo> --out <dir>`: writes the CloudFormation
 * template of each account kind (network, security, spoke) with the deploy and preview roles CI
 * assumes, their GitHub OIDC trusts and the permissions the kind's stacks need.
 * `--check <dir>` compares with templates written earlier instead.
 * Exit codes: 0 written, up to date (or help); 1 `--check` found a gap; 2 bad input (nothing written).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { HelpRequested, parseCommandLine, UsageError, closest, type FlagSpecs } from "../args";
import { environmentNames } from "../../stacks/schema/stack-config";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { QUOTAS } from "../iam/documents";
import { BootstrapError, bootstrapEnvironment, type KindBootstrap } from "./bootstrap";
import { documentSize } from "./policies";
import { TEMPLATE_BODY_LIMIT } from "./template";
import { ACCOUNT_KINDS } from "./declared";
import { checkTemplates } from "./check";

/** The command's help text. */
export const USAGE = `usage: npm run bootstrap -- --env <env> --github-repo <owner/repo> --out <dir> [options]

  --env NAME               the environment whose stacks the roles deploy, e.g. dev
  --github-repo OWNER/REPO the repository whose workflows assume the roles, e.g. acme/hub-network
  --out DIR                where to write network.json, security.json and spoke.json (never overwritten)
  --check DIR              instead of writing: exit 1 when the templates in DIR (an earlier --out)
                           lack a grant or trust the stacks need now (redeploy a new --out then)
  --deploy-role-name NAME  the deploy role in the network and security accounts (CI's
                           HUB_NETWORK_DEPLOY_ROLE_NAME; default hub-network-deployer). Spoke accounts
                           use the environment's accounts.deployerRoleName.
  --state-bucket NAME      a self-managed Pulumi backend's S3 bucket: both roles read the state, the
                           deploy role writes it, the preview role takes the stack's lock
  --state-key-arn ARN      the KMS key of the backend's secrets provider (awskms://...)
  -h, --help               this help

Each template creates, in one account: GitHub's OIDC provider (parameter CreateGitHubOidcProvider=false
when the account has one), the deploy role (trusted for GitHub environment <env>), the read-only preview
role hub-network-preview (trusted for pull requests) and their managed policies. See docs/deploying.md.`;

const FLAGS: FlagSpecs = {
    env: { type: "string", expects: "an environment name, e.g. dev" },
    "github-repo": { type: "string", expects: "owner/repo, e.g. acme/hub-network" },
    out: { type: "string", expects: "a folder, e.g. bootstrap/dev" },
    check: { type: "string", expects: "a folder an earlier --out wrote, e.g. bootstrap/dev" },
    "deploy-role-name": { type: "string", expects: "an IAM role name, e.g. hub-network-deployer" },
    "state-bucket": { type: "string", expects: "an S3 bucket name, e.g. acme-pulumi-state" },
    "state-key-arn": {
        type: "string",
        expects: "a KMS key ARN, e.g. arn:aws:kms:eu-west-1:111111111111:key/...",
    },
};

const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/;

interface Parsed {
    env: string;
    repository: string;
    out: string;
    /** Compare with the templates in this folder instead of writing. */
    check?: string;
    deployRoleName: string;
    stateBucket?: string;
    stateKeyArn?: string;
}

/** Checks the flags; every problem at once. */
export function parseBootstrapArgs(argv: readonly string[], root = PROJECT_ROOT): Parsed {
    const values = parseCommandLine(argv, FLAGS, { script: "bootstrap" }).values as Record<
        string,
        string | undefined
    >;
    const problems: string[] = [];
    const required = (flag: string) => {
        if (values[flag] === undefined)
            problems.push(`--${flag} is missing; expected ${FLAGS[flag].expects}`);
        return values[flag] ?? "";
    };
    const env = required("env");
    const repository = required("github-repo");
    const check = values.check;
    const out = check === undefined ? required("out") : (values.out ?? "");
    if (check !== undefined && values.out !== undefined) {
        problems.push(
            `--out and --check are both given; expected one: --out writes templates, --check compares with them`,
        );
    }
    if (check !== undefined && !(fs.existsSync(check) && fs.statSync(check).isDirectory())) {
        problems.push(`--check '${check}' is not a folder; expected the folder an earlier --out wrote`);
    }
    const deployRoleName = values["deploy-role-name"] ?? "hub-network-deployer";
    if (env) {
        const known = environmentNames(root);
        if (!known.includes(env)) {
            const meant = closest(env, known);
            problems.push(
                `--env '${env}' has no file stacks/environments/${env}.yaml; ${meant ? `did you mean ${meant}? ` : ""}expected one of ${known.join(", ") || "(none: create one with npm run new-env)"}`,
            );
        }
    }
    if (repository && !REPOSITORY.test(repository)) {
        problems.push(
            `--github-repo '${repository}' is not owner/repo; expected e.g. acme/hub-network (the repository's GitHub path)`,
        );
    }
    if (!ROLE_NAME.test(deployRoleName)) {
        problems.push(
            `--deploy-role-name '${deployRoleName}' is not an IAM role name; expected 1-64 letters, digits and +=,.@_-, e.g. hub-network-deployer`,
        );
    }
    const bucket = values["state-bucket"];
    if (bucket !== undefined && !BUCKET.test(bucket)) {
        problems.push(
            `--state-bucket '${bucket}' is not an S3 bucket name; expected 3-63 lowercase letters, digits, dots and hyphens, e.g. acme-pulumi-state`,
        );
    }
    const key = values["state-key-arn"];
    if (key !== undefined && !KEY_ARN.test(key)) {
        problems.push(
            `--state-key-arn '${key}' is not a KMS key ARN; expected arn:aws:kms:<region>:<account>:key/<id>`,
        );
    }
    if (out && check === undefined) {
        const dir = path.resolve(out);
        if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
            problems.push(
                `--out '${out}' is a file; expected a folder (new or without ${ACCOUNT_KINDS.map((k) => `${k}.json`).join(", ")})`,
            );
        } else {
            for (const kind of ACCOUNT_KINDS) {
                const file = path.join(dir, `${kind}.json`);
                if (fs.existsSync(file))
                    problems.push(
                        `--out '${out}' already holds ${kind}.json; expected a new folder (files are never overwritten)`,
                    );
            }
        }
    }
    if (problems.length) throw new BootstrapError(problems);
    return {
        env,
        repository,
        out,
        ...(check !== undefined ? { check } : {}),
        deployRoleName,
        ...(bucket ? { stateBucket: bucket } : {}),
        ...(key ? { stateKeyArn: key } : {}),
    };
}

/** One line per role: its permissions against IAM's quotas. */
function summary(k: KindBootstrap, file: string): string[] {
    const role = (r: KindBootstrap["roles"]["deploy"]) => {
        const largest = Math.max(...r.policies.map(documentSize));
        return `${r.name}: ${r.policies.length} managed polic${r.policies.length === 1 ? "y" : "ies"}, largest ${largest}/${QUOTAS.managed.limit} characters; trust ${documentSize(r.trust)}/${QUOTAS.trust.limit}`;
    };
    const size = JSON.stringify(k.template).length;
    return [
        `wrote ${file} (${size} bytes${size > TEMPLATE_BODY_LIMIT ? `, over the ${TEMPLATE_BODY_LIMIT} of --template-body: deploy it from S3 with --template-url` : ""}) from ${k.stacks.length} stack(s), ${k.types} resource types and functions`,
        `  ${role(k.roles.deploy)}`,
        `  ${role(k.roles.preview)}`,
    ];
}

/** Runs the bootstrap; returns the exit code. */
export async function main(
    argv: readonly string[],
    root = PROJECT_ROOT,
    out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
    err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
    try {
        const o = parseBootstrapArgs(argv, root);
        const { kinds, without } = await bootstrapEnvironment({ ...o, root });
        if (o.check !== undefined) {
            const gaps = checkTemplates(o.check, kinds);
            gaps.forEach(err);
            if (gaps.length) {
                err(
                    `bootstrap: the templates in ${o.check} are behind the stacks: write new ones with --out and update the deployed stacks or StackSets`,
                );
                return 1;
            }
            out(
                `the templates in ${o.check} grant everything the ${kinds.map((k) => k.kind).join(", ")} stacks of ${o.env} need`,
            );
            return 0;
        }
        const dir = path.resolve(o.out);
        fs.mkdirSync(dir, { recursive: true });
        for (const k of kinds) {
            const file = path.join(o.out, `${k.kind}.json`);
            fs.writeFileSync(path.join(dir, `${k.kind}.json`), `${JSON.stringify(k.template, null, 2)}\n`, {
                flag: "wx",
            });
            summary(k, file).forEach(out);
        }
        for (const kind of without)
            out(
                `no ${kind} stack in ${o.env} yet: no ${kind}.json (run the bootstrap again once there is one)`,
            );
        out(`next: deploy each template to its accounts (docs/deploying.md#bootstrap-the-accounts)`);
        return 0;
    } catch (error) {
        if (error instanceof HelpRequested) {
            out(USAGE);
            return 0;
        }
        const problems =
            error instanceof UsageError
                ? [error.message]
                : error instanceof BootstrapError
                  ? error.problems
                  : undefined;
        if (!problems) throw error;
        err(`bootstrap: nothing written (${problems.length} problem${problems.length === 1 ? "" : "s"}):`);
        for (const p of problems) err(`  ${p}`);
        err("");
        err(USAGE);
        return 2;
    }
}

if (require.main === module) {
    void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
