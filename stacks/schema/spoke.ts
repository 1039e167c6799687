/**
 * Schema of a spoke request (`hub-network:spoke` in `stacks/config/Pulumi.spoke-<name>-<env>.yaml`)
 * and the rules that tie it to its environment and to every other spoke of that environment. The
 * spoke stack and the `new-spoke` scaffolder run the same checks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import {
    firstFreeRange,
    regionalSpokeRanges,
    SPOKE_AZ_SLOTS,
    SPOKE_PREFIX,
} from "../../components/network/spoke-plan";
import { cidrContains, cidrsOverlap, parseCidr } from "../../components/network/subnet-plan";
import { ConfigError, fieldPath, problemsFromZod, type ConfigProblem } from "./errors";
import type { Environment } from "./environment";
import { SPOKE_GATEWAY_ENDPOINTS } from "../../components/network/spoke-vpc";
import ENDPOINT_SERVICES from "./data/interface-endpoint-services.json";
import {
    accountId,
    cidr,
    isDomainName,
    MAX_TAGS_PER_RESOURCE,
    partitionOf,
    PROJECT_TAGS_PER_RESOURCE,
    tags,
} from "./fields";
import { closestName } from "./names";

/** Services AWS offers as interface endpoints (com.amazonaws.<region>.<service>). */
const INTERFACE_ENDPOINT_SERVICES: readonly string[] = ENDPOINT_SERVICES.services;
import type { StackContext } from "./stack-config";
import { checkExistingVpc } from "./existing-checks";
import { existingVpcSchema } from "./existing";
import { ALWAYS, checkWorkloadApi, resolveWorkloadApi, workloadApiField } from "./workload";
import { parseYaml, type YamlFile } from "./yaml-file";

/** The config key that holds a spoke's request. */
export const SPOKE_KEY = "hub-network:spoke";

/**
 * Workload kinds a spoke runs: `none` (network only: the application team brings its own program and
 * reads the spoke's exports through a StackReference, docs/spokes.md), or one of the shipped examples
 * (docs/workloads.md).
 */
export const WORKLOADS = ["none", "ecs-api", "lambda-api"] as const;
/** How a spoke's ingress is inspected: `gwlb` sends the VPC-link path through the appliance fleet. */
export const INSPECTIONS = ["none", "gwlb"] as const;

/** A spoke name: a DNS label used in the stack name, its zone `<name>.aws.<corp>` and resource names. */
export const SPOKE_NAME = /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])$/;
const NAME_HINT = "expected 2-20 lowercase letters, digits and dashes, starting with a letter, e.g. petstore";

const prefixLength = z
    .number({
        error: `is not a number; expected a netmask length from ${SPOKE_PREFIX.min} to ${SPOKE_PREFIX.max}`,
    })
    .int({
        error: `is not a whole number; expected a netmask length from ${SPOKE_PREFIX.min} to ${SPOKE_PREFIX.max}`,
    })
    .min(SPOKE_PREFIX.min, {
        error: `is too large a VPC; expected a netmask length from ${SPOKE_PREFIX.min} to ${SPOKE_PREFIX.max}`,
    })
    .max(SPOKE_PREFIX.max, {
        error: `is too small a VPC; expected a netmask length from ${SPOKE_PREFIX.min} to ${SPOKE_PREFIX.max}`,
    });

/** One flow a spoke declares (`flows[]`): where to, on which port and protocol. */
const declaredFlow = z.strictObject({
    /** An exact host name (`api.partner.example.com`) or a CIDR (`172.16.8.0/24`). */
    destination: z
        .string({ error: "is not a string; expected a host name or a CIDR, e.g. api.partner.example.com" })
        .refine((v) => isDomainName(v) || isCidr(v), {
            error: "is not a host name or a CIDR; expected an exact name (no wildcard, no leading dot), e.g. api.partner.example.com, or a CIDR, e.g. 172.16.8.0/24",
        }),
    /** The destination port. */
    port: z
        .number({ error: "is not a number; expected a port from 1 to 65535" })
        .int({ error: "is not a whole number; expected a port from 1 to 65535" })
        .min(1, { error: "is out of range; expected a port from 1 to 65535" })
        .max(65535, { error: "is out of range; expected a port from 1 to 65535" }),
    /** @default tcp */
    protocol: z.enum(["tcp", "udp"], { error: "is not a protocol; expected tcp or udp" }).default("tcp"),
    /** Why the workload needs it, shown next to the flow's verdict. */
    description: z.string({ error: "is not a string; expected a short sentence" }).max(200).optional(),
});

function isCidr(value: string): boolean {
    try {
        parseCidr(value);
        return true;
    } catch {
        return false;
    }
}

const ENDPOINT_HINT =
    "is not an endpoint service name; expected the part after com.amazonaws.<region>., e.g. ssm or ecr.api";

/**
 * What is wrong with an interface endpoint service name, if anything: it must be a service AWS offers
 * as an interface endpoint (stacks/schema/data/interface-endpoint-services.json, with its source),
 * written as the part after `com.amazonaws.<region>.`, and not one every spoke already reaches through
 * a free gateway endpoint.
 */
export function endpointServiceProblem(name: string): string | undefined {
    const full = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(name);
    if (full)
        return `is a full service name; expected only the part after com.amazonaws.<region>., e.g. ${full[1]}`;
    if ((SPOKE_GATEWAY_ENDPOINTS as readonly string[]).includes(name)) {
        return `has a gateway endpoint in every spoke already (free, in every route table); expected no interface endpoint for ${name}`;
    }
    if (INTERFACE_ENDPOINT_SERVICES.includes(name)) return undefined;
    const meant = closestName(name, INTERFACE_ENDPOINT_SERVICES);
    return `is not a service AWS offers as an interface endpoint; expected ${meant ? `${meant}, or ` : ""}a name from the PrivateLink list, e.g. ssm, logs or ecr.api`;
}

/** The fields of a spoke request. */
const requestFields = z.strictObject({
    /** The spoke's name; the stack is `spoke-<name>-<env>`. */
    name: z.string({ error: `is not a spoke name; ${NAME_HINT}` }).regex(SPOKE_NAME, {
        error: `is not a spoke name; ${NAME_HINT}`,
    }),
    /** The spoke's own AWS account, one of the environment's spoke accounts. */
    account: accountId,
    /** Who owns the spoke: the team's email address. */
    owner: z
        .email({
            error: "is not an email address; expected the owning team's address, e.g. pets-team@example.com",
        })
        // RFC 5321 4.5.3.1: a path is at most 256 octets with its brackets, a local part at most 64.
        .max(254, {
            error: "is longer than 254 characters, more than email allows (RFC 5321); expected a shorter address",
        })
        .refine((a) => a.split("@")[0].length <= 64, {
            error: "has a part before @ longer than 64 characters, more than email allows (RFC 5321); expected a shorter address",
        }),
    /** The VPC CIDR (/16 to /22) from the environment's spoke pool; not with IPAM. */
    cidr: cidr.optional(),
    /** The DR VPC's CIDR, when `dr` is true; not with IPAM. */
    drCidr: cidr.optional(),
    /** With IPAM: the size of the VPC to allocate. @default 20 */
    netmaskLength: prefixLength.optional(),
    /** AZs of the spoke (at most the hub's, and 2 or more in production). */
    availabilityZones: z
        .number({ error: `is not a number; expected an AZ count from 1 to ${SPOKE_AZ_SLOTS}` })
        .int({ error: `is not a whole number; expected an AZ count from 1 to ${SPOKE_AZ_SLOTS}` })
        .min(1, { error: `is out of range; expected an AZ count from 1 to ${SPOKE_AZ_SLOTS}` })
        .max(SPOKE_AZ_SLOTS, { error: `is out of range; expected an AZ count from 1 to ${SPOKE_AZ_SLOTS}` })
        .default(2),
    /** The workload the spoke runs. */
    workload: z
        .enum(WORKLOADS, { error: `is not a workload kind; expected one of ${WORKLOADS.join(", ")}` })
        .default("none"),
    /**
     * `gwlb`: inspect the API Gateway VPC-link path with the appliance fleet of the security stack of
     * each region (ecs-api only).
     */
    inspection: z
        .enum(INSPECTIONS, { error: `is not an inspection mode; expected one of ${INSPECTIONS.join(", ")}` })
        .default("none"),
    /** A twin VPC in the environment's DR region. */
    dr: z.boolean({ error: "is not true or false; expected true or false" }).default(false),
    /** Interface endpoints, by service name as in `com.amazonaws.<region>.<service>`. */
    interfaceEndpoints: z
        .array(
            z.string({ error: ENDPOINT_HINT }).check((ctx) => {
                const problem = endpointServiceProblem(ctx.value);
                if (problem) ctx.issues.push({ code: "custom", input: ctx.value, message: problem });
            }),
            { error: "is not a list; expected a list of service names, e.g. [ssm, logs]" },
        )
        .default([]),
    /**
     * Flows the workload needs beyond those the shipped workloads declare (docs/flows.md): each a
     * destination (an exact host name or a CIDR), a port and a protocol. The plan gives each a verdict.
     */
    flows: z
        .array(declaredFlow, {
            error: "is not a list; expected a list of flows, e.g. [{ destination: api.partner.example.com, port: 443, protocol: tcp }]",
        })
        .default([]),
    /** Extra tags for every resource of the spoke. */
    tags: tags.default({}),
    /** The workload's settings, per `workload` kind (stacks/schema/workload.ts). @default that kind's defaults */
    api: workloadApiField,
    /** An existing VPC (and attachment) the spoke adopts instead of creating one (docs/adopting.md). */
    existing: existingVpcSchema.optional(),
});

/**
 * The shape of a spoke request, with `api` checked against `workload` and resolved; rules that need
 * the environment are in {@link checkSpokeRequest}.
 */
export const spokeRequestSchema = requestFields
    .superRefine(checkWorkloadApi, ALWAYS)
    .transform(resolveWorkloadApi);

/** A validated spoke request. */
export type SpokeRequest = z.output<typeof spokeRequestSchema>;

/** The stack that builds spoke `name` of environment `env`. */
export function spokeStackName(name: string, env: string): string {
    return `spoke-${name}-${env}`;
}

/** A spoke request found on disk. */
export interface SpokeFile {
    readonly stack: string;
    /** Path relative to the project root. */
    readonly file: string;
    readonly yaml: YamlFile;
    /** The request when its shape is valid, else undefined (its own stack reports why). */
    readonly request?: SpokeRequest;
}

/**
 * The spoke files read while {@link holdSpokeFiles} holds them, by environment and project folder.
 * Every spoke stack checks its request against every other: without this, a plan of N spokes reads
 * N x N files (a million at 1,000 spokes), with it N.
 */
let held: Map<string, SpokeFile[]> | undefined;

/**
 * Reads each environment's spoke files once until the returned function is called: for a plan,
 * whose files do not change while it evaluates its stacks. Holds nest.
 */
export function holdSpokeFiles(): () => void {
    const outer = held;
    held ??= new Map();
    return () => {
        held = outer;
    };
}

/** Every spoke request of environment `env` in `stacks/config`, by file name order. */
export function spokeFilesOf(env: string, root: string): SpokeFile[] {
    if (!held) return readSpokeFiles(env, root);
    const key = `${env}\0${path.resolve(root)}`;
    let files = held.get(key);
    if (!files) held.set(key, (files = readSpokeFiles(env, root)));
    return files;
}

function readSpokeFiles(env: string, root: string): SpokeFile[] {
    const dir = path.join(root, "stacks/config");
    return fs
        .readdirSync(dir)
        .filter((f) => /^Pulumi\.spoke-.+\.yaml$/.test(f))
        .sort()
        .flatMap((f) => {
            const file = `stacks/config/${f}`;
            const found = spokeFileOf(file, fs.readFileSync(path.join(dir, f), "utf8"));
            return found && found.yaml.valueAt(["config", "hub-network:environment"]) === env ? [found] : [];
        });
}

/**
 * Spoke files parsed so far, by path and content: every spoke stack reads all the others, so a plan
 * that evaluates many spokes in one process parses each file once.
 */
const parsedSpokeFiles = new Map<string, SpokeFile | undefined>();
const PARSED_SPOKE_FILE_LIMIT = 2_000;

function spokeFileOf(file: string, text: string): SpokeFile | undefined {
    const key = `${file}\0${text}`;
    if (parsedSpokeFiles.has(key)) return parsedSpokeFiles.get(key);
    let found: SpokeFile | undefined;
    try {
        const yaml = parseYaml(file, text);
        const parsed = spokeRequestSchema.safeParse(yaml.valueAt(["config", SPOKE_KEY]));
        const stack = path.basename(file).slice("Pulumi.".length, -".yaml".length);
        found = { stack, file, yaml, request: parsed.data };
    } catch {
        found = undefined; // a broken file is its own stack's problem
    }
    if (parsedSpokeFiles.size >= PARSED_SPOKE_FILE_LIMIT) parsedSpokeFiles.clear();
    parsedSpokeFiles.set(key, found);
    return found;
}

/** Where a request's fields are reported: the file, the line of a field, the field's printed name. */
export interface RequestLocation {
    readonly file: string;
    lineOf(field: string): number | undefined;
    /** How the field is printed, e.g. `hub-network:spoke.cidr` (stack) or `--cidr` (scaffolder). */
    fieldName(field: string): string;
}

/** Shape problems of a raw request, located in its stack config file. */
export function requestShapeProblems(raw: unknown, yaml: YamlFile): ConfigProblem[] {
    const result = spokeRequestSchema.safeParse(raw);
    if (result.success) return [];
    return problemsFromZod(result.error.issues, yaml, ["config", SPOKE_KEY], (p) =>
        fieldPath(yaml.data, p, 1),
    );
}

/**
 * The rules a request must follow in its environment: account listed and not taken, addressing mode,
 * CIDRs inside the supernet and pool and clear of every other spoke, AZ counts, DR and inspection.
 * `others` are the environment's other spoke requests (not this one).
 */
export function checkSpokeRequest(
    request: SpokeRequest,
    env: Environment,
    environmentFile: string,
    at: RequestLocation,
    others: readonly SpokeFile[],
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const problem = (field: string, value: unknown, message: string) =>
        problems.push({ file: at.file, line: at.lineOf(field), field: at.fieldName(field), value, message });

    const listed = env.accounts.spokes.map((s) => s.id);
    if (!listed.includes(request.account)) {
        problem(
            "account",
            request.account,
            `is not a spoke account of ${environmentFile}; expected one of ${listed.join(", ")}, or add the account (and its deployer role) to accounts.spokes there`,
        );
    }
    const sameAccount = others.find((o) => o.request?.account === request.account);
    if (sameAccount) {
        problem(
            "account",
            request.account,
            `is already the account of spoke '${sameAccount.request?.name}' (${sameAccount.file}); expected one account per spoke`,
        );
    }

    const { supernet, spokePool, ipam } = env.addressing;
    const used = others.flatMap((o) =>
        (["cidr", "drCidr"] as const).flatMap((key) => {
            const range = o.request?.[key];
            return range ? [{ range, key, other: o }] : [];
        }),
    );
    const ranges = (["cidr", "drCidr"] as const).filter((k) => request[k] !== undefined);
    if (ipam) {
        for (const key of ranges) {
            problem(
                key,
                request[key],
                `is set but ${environmentFile} has addressing.ipam: true; expected no ${key}: the VPC takes its CIDR from the IPAM pool (set netmaskLength instead)`,
            );
        }
    } else {
        if (request.netmaskLength !== undefined) {
            problem(
                "netmaskLength",
                request.netmaskLength,
                `is set but ${environmentFile} does not use IPAM; expected a fixed cidr instead`,
            );
        }
        // With a DR region each region's spokes take their CIDRs from its half of the pool, the only
        // spoke range that region's VPN advertises to on premises.
        const regional = regionalSpokeRanges(spokePool, env.regions.dr !== undefined);
        const poolOf = (key: "cidr" | "drCidr") =>
            key === "cidr" ? regional.primary : (regional.dr ?? spokePool);
        const free = (key: "cidr" | "drCidr", extra: string[] = []) =>
            firstFreeRange(poolOf(key), SPOKE_PREFIX.default, [...used.map((u) => u.range), ...extra]);
        const needed: ("cidr" | "drCidr")[] = request.dr ? ["cidr", "drCidr"] : ["cidr"];
        for (const key of needed.filter((k) => request[k] === undefined)) {
            const hint = free(
                key,
                ranges.map((k) => request[k] as string),
            );
            problem(
                key,
                undefined,
                `is missing; expected a /${SPOKE_PREFIX.default} from ${poolOf(key) === spokePool ? "the spoke pool" : `the ${key === "cidr" ? "primary" : "DR"} region's part of the spoke pool,`} ${poolOf(key)}${hint ? `, e.g. ${hint}` : ""}`,
            );
        }
        if (!request.dr && request.drCidr !== undefined) {
            problem("drCidr", request.drCidr, "is set but dr is false; expected no drCidr, or dr: true");
        }
        for (const key of ranges) {
            const range = request[key] as string;
            const prefix = parseCidr(range).prefixLength;
            // The free range suggested in a message: looked for only when there is a problem to report.
            const eg = () => {
                const example = free(key, [range]);
                return example ? `, e.g. ${example}` : "";
            };
            if (key === "cidr" && request.existing) {
                // An adopted VPC keeps the range it has: it needs no room in the pool for the spoke
                // layout, only to stay clear of every other VPC of the environment.
                for (const u of used.filter((u) => cidrsOverlap(range, u.range))) {
                    problem(
                        key,
                        range,
                        `overlaps spoke '${u.other.request?.name}' (${u.other.file}: hub-network:spoke.${u.key} ${u.range}); expected the adopted VPC's own range, clear of every other spoke`,
                    );
                }
                continue;
            }
            if (prefix < SPOKE_PREFIX.min || prefix > SPOKE_PREFIX.max) {
                problem(
                    key,
                    range,
                    `is a /${prefix}; expected a /${SPOKE_PREFIX.min} to /${SPOKE_PREFIX.max} (a /${SPOKE_PREFIX.default} is usual)`,
                );
            } else if (!cidrContains(supernet, range)) {
                problem(
                    key,
                    range,
                    `is outside the supernet ${supernet} of ${environmentFile}; expected a range in the spoke pool ${spokePool}${eg()}`,
                );
            } else if (!cidrContains(spokePool, range)) {
                problem(
                    key,
                    range,
                    `is outside the spoke pool ${spokePool} of ${environmentFile}; expected a range inside it${eg()}`,
                );
            } else if (!cidrContains(poolOf(key), range)) {
                const region = key === "cidr" ? "primary" : "DR";
                problem(
                    key,
                    range,
                    `is outside ${poolOf(key)}, the ${region} region's half of the spoke pool ${spokePool} of ${environmentFile}: each region's VPN advertises only its own half to on premises; expected a range inside it${eg()}`,
                );
            } else {
                for (const u of used.filter((u) => cidrsOverlap(range, u.range))) {
                    problem(
                        key,
                        range,
                        `overlaps spoke '${u.other.request?.name}' (${u.other.file}: hub-network:spoke.${u.key} ${u.range}); expected a range no other spoke uses${eg()}`,
                    );
                }
            }
        }
        if (request.cidr && request.drCidr && cidrsOverlap(request.cidr, request.drCidr)) {
            problem(
                "drCidr",
                request.drCidr,
                `overlaps this spoke's cidr ${request.cidr}; expected a separate range`,
            );
        }
    }

    const regions = [
        ["primary", env.regions.primary] as const,
        ...(request.dr ? [["dr", env.regions.dr] as const] : []),
    ];
    for (const [key, region] of regions) {
        if (region && request.availabilityZones > region.availabilityZones) {
            problem(
                "availabilityZones",
                request.availabilityZones,
                `is more than the ${region.availabilityZones} AZs the hub covers in ${region.name} (${environmentFile} regions.${key}); expected at most ${region.availabilityZones}`,
            );
        }
    }
    if (env.profile === "production" && request.availabilityZones < 2) {
        problem(
            "availabilityZones",
            request.availabilityZones,
            `is below the production minimum of ${environmentFile}; expected at least 2 AZs`,
        );
    }
    if (request.dr && !env.regions.dr) {
        problem(
            "dr",
            true,
            `is true but ${environmentFile} has no DR region (regions.dr); expected dr: false`,
        );
    }
    if (request.inspection === "gwlb" && request.workload !== "ecs-api") {
        problem(
            "inspection",
            request.inspection,
            `inspects the API Gateway VPC-link path, which only the ecs-api workload has; expected none for workload ${request.workload}`,
        );
    }
    request.interfaceEndpoints.forEach((service, i) => {
        if (request.interfaceEndpoints.indexOf(service) !== i) {
            problem(`interfaceEndpoints.${i}`, service, "is listed twice; expected each service once");
        }
    });
    const userTags = Object.keys({ ...env.tags, ...request.tags }).length;
    if (userTags > MAX_TAGS_PER_RESOURCE - PROJECT_TAGS_PER_RESOURCE) {
        problem(
            "tags",
            request.tags,
            `brings the spoke's resources to ${userTags} tags of their own with the ${Object.keys(env.tags).length} of ${environmentFile}; expected at most ${MAX_TAGS_PER_RESOURCE - PROJECT_TAGS_PER_RESOURCE} together (AWS allows ${MAX_TAGS_PER_RESOURCE} per resource and the stacks add up to ${PROJECT_TAGS_PER_RESOURCE})`,
        );
    }
    problems.push(...apiProblems(request, env, problem));
    if (request.existing)
        problems.push(...checkExistingVpc(request, request.existing, env, environmentFile, at));
    return problems;
}

/**
 * The workload settings that depend on where the spoke deploys: an ACM certificate must be in the
 * spoke's own account and region (a regional API or load balancer listener cannot use one from
 * elsewhere; ACM user guide, "Integrated services"), and the alarm topic needs a subscriber.
 */
function apiProblems(
    request: SpokeRequest,
    env: Environment,
    problem: (field: string, value: unknown, message: string) => void,
): ConfigProblem[] {
    const api = request.api as {
        readonly https?: { readonly certificateArn?: string };
        readonly alarms?: { readonly email?: readonly string[] };
    };
    const arn = api.https?.certificateArn;
    if (arn) {
        const [, partition, , region, account] = arn.split(":");
        const where = env.regions.primary.name;
        if (region !== where || account !== request.account) {
            problem(
                "api.https.certificateArn",
                arn,
                `is in account ${account}, ${region}; expected a certificate of the spoke's own account ${request.account} in ${where}, where its listener is`,
            );
        } else if (partition !== partitionOf(where)) {
            problem(
                "api.https.certificateArn",
                arn,
                `is an ARN of partition ${partition}; expected arn:${partitionOf(where)}:acm:...`,
            );
        }
    }
    if (api.alarms?.email !== undefined && api.alarms.email.length === 0) {
        problem(
            "api.alarms.email",
            api.alarms.email,
            "is empty, so the alarms notify no one; expected at least one address, or remove the field to notify the spoke's owner",
        );
    }
    return [];
}

/** A dotted field (`interfaceEndpoints.1`) as a key path. */
function keysOf(field: string): (string | number)[] {
    return field.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/**
 * The spoke stack's request, validated: its shape, the stack name and allowed accounts it implies,
 * its environment's rules and every other spoke of the environment. Throws a ConfigError naming both
 * files when two spokes collide, before the stack declares anything.
 */
export function loadSpokeRequest(context: StackContext): SpokeRequest {
    const yaml = context.configFile;
    const raw = context.config[SPOKE_KEY];
    const at: RequestLocation = {
        file: context.file,
        lineOf: (field) => yaml.lineOf(["config", SPOKE_KEY, ...keysOf(field)]),
        fieldName: (field) => `${SPOKE_KEY}.${field}`,
    };
    if (raw === undefined) {
        throw new ConfigError([
            {
                file: context.file,
                field: SPOKE_KEY,
                message:
                    "is missing; expected the spoke request (name, account, owner, cidr, workload, ...): see docs/configuration.md, or create the file with npm run new-spoke",
            },
        ]);
    }
    const shape = requestShapeProblems(raw, yaml);
    if (shape.length > 0) throw new ConfigError(shape);
    const request = spokeRequestSchema.parse(raw);

    const env = context.environment;
    const problems: ConfigProblem[] = [];
    const expectedStack = spokeStackName(request.name, env.name);
    if (context.stack !== expectedStack) {
        problems.push({
            file: context.file,
            line: at.lineOf("name"),
            field: at.fieldName("name"),
            value: request.name,
            message: `does not match the stack ${context.stack}; expected the stack to be named ${expectedStack} (file stacks/config/Pulumi.${expectedStack}.yaml)`,
        });
    }
    const allowed = context.config["aws:allowedAccountIds"];
    if (!Array.isArray(allowed) || allowed.map(String).join() !== request.account) {
        problems.push({
            file: context.file,
            line: yaml.lineOf(["config", "aws:allowedAccountIds"]),
            field: "aws:allowedAccountIds",
            value: allowed,
            message: `does not pin the spoke account; expected ["${request.account}"], so the stack can never deploy into another account`,
        });
    }
    const others = spokeFilesOf(env.name, context.root).filter((f) => f.stack !== context.stack);
    problems.push(...checkSpokeRequest(request, env, context.environmentFile, at, others));
    if (problems.length > 0) throw new ConfigError(problems);
    return request;
}
