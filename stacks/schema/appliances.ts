/**
 * Schema of the environment file's `appliances` section: the GWLB appliance fleet of the security
 * stack. Shape and in-section rules here; the rules that need the rest of the environment (spoke
 * accounts, AZ count, production profile, the security VPC's size) run in {@link resolveAppliances},
 * which the security stack calls before declaring anything.
 */
import { z } from "zod";
import { instanceFamily, planSecurityVpc } from "../../components/network/gwlb-plan";
import { MAX_USER_DATA_BYTES } from "../../components/network/appliance/user-data";
import { ConfigError, type ConfigProblem } from "./errors";
import { arnAccount } from "./fields";
import type { Environment } from "./environment";
import type { YamlFile } from "./yaml-file";

const GENEVE_PORT = 6081;

const count = z
    .number({ error: "is not a number; expected a whole number of appliances, e.g. 2" })
    .int({ error: "is not a whole number; expected a whole number of appliances, e.g. 2" })
    .min(0, { error: "is negative; expected 0 or more appliances" })
    // Auto Scaling API reference, CreateAutoScalingGroup: MinSize, MaxSize and DesiredCapacity are Integers (32-bit).
    .max(2147483647, {
        error: "is more than Auto Scaling takes (a 32-bit integer); expected a realistic fleet size",
    });

const PORT_ERROR = "is not a port; expected 1-65535";
const port = z
    .number({ error: PORT_ERROR })
    .int({ error: PORT_ERROR })
    .min(1, { error: PORT_ERROR })
    .max(65535, { error: PORT_ERROR })
    .refine((p) => p !== GENEVE_PORT, {
        error: "is the GENEVE port; expected another port for the appliances' health listener",
    });

const between = (min: number, max: number, what: string) =>
    z
        .number({ error: `is not a number; expected ${what} from ${min} to ${max}` })
        .int({ error: `is not a whole number; expected ${what} from ${min} to ${max}` })
        .min(min, { error: `is out of range; expected ${what} from ${min} to ${max}` })
        .max(max, { error: `is out of range; expected ${what} from ${min} to ${max}` });

const instanceType = z
    .string({ error: "is not an instance type; expected <family>.<size>, e.g. c6in.large" })
    .check((ctx) => {
        const result = instanceFamily(ctx.value);
        if ("problem" in result)
            ctx.issues.push({ code: "custom", input: ctx.value, message: result.problem });
    });

const image = z
    .string({
        error: "is not an image; expected an AMI ID such as ami-0123456789abcdef0 or resolve:ssm:<parameter>",
    })
    .regex(/^(ami-([0-9a-f]{8}|[0-9a-f]{17})|resolve:ssm:\/[A-Za-z0-9_./-]+)$/, {
        error: "is not an image; expected an AMI ID such as ami-0123456789abcdef0 or resolve:ssm:<parameter>",
    });

const PRINCIPAL_ERROR =
    "is not an account root or role ARN; expected arn:aws:iam::<account>:root or arn:aws:iam::<account>:role/<name>";
const principal = z
    .string({ error: PRINCIPAL_ERROR })
    .refine((p) => !p.includes("*"), {
        error: "is a wildcard; expected the account root or deployer role of a listed spoke account, never *",
    })
    .refine(
        (p) =>
            // IAM API reference, CreateRole: RoleName 1-64 of [\w+=,.@-], after an optional path.
            /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|role\/(?:[\w+=,.@-]+\/){0,32}[\w+=,.@-]{1,64})$/.test(
                p,
            ) || p.includes("*"),
        {
            error: PRINCIPAL_ERROR,
        },
    );

const healthCheck = z.strictObject({
    /** Port of the appliances' health listener. */
    port: port.default(8080),
    /** `tcp` (the port accepts connections) or `http` (the path answers 200-399). */
    protocol: z
        .enum(["tcp", "http"], { error: "is not a health-check protocol; expected tcp or http" })
        .default("tcp"),
    /** Path of an http check. */
    path: z
        .string({ error: "is not a path; expected e.g. /healthz" })
        .regex(/^\/[A-Za-z0-9._~/-]*$/, {
            error: "is not a plain path; expected '/' followed by letters, digits and . _ ~ / -, e.g. /healthz",
        })
        .optional(),
    intervalSeconds: between(5, 300, "seconds").default(10),
    timeoutSeconds: between(2, 120, "seconds").default(5),
    healthyThreshold: between(2, 10, "a check count").default(3),
    unhealthyThreshold: between(2, 10, "a check count").default(3),
});

/** The environment file's `appliances` section. */
export const appliancesSchema = z
    .strictObject({
        /** EC2 instance type of the appliances; the family must be a known current one. */
        instanceType,
        minSize: count,
        desiredCapacity: count,
        maxSize: count,
        /** AMI ID or `resolve:ssm:` reference. Default: the latest Amazon Linux 2023. */
        ami: image.optional(),
        /** User data for the image (e.g. a vendor bootstrap). Default: the GENEVE responder script. */
        userData: z
            .string({ error: "is not text; expected a user data script, e.g. as a YAML block (|)" })
            .min(1, { error: "is empty; expected a user data script, or remove the field for the default" })
            .refine((text) => Buffer.byteLength(text, "utf8") <= MAX_USER_DATA_BYTES, {
                error: `is too long; expected at most ${MAX_USER_DATA_BYTES} bytes (EC2's user data limit)`,
            })
            .optional(),
        /** Root EBS volume (gp3, always encrypted): the image's root device name and, optionally, its size. */
        rootVolume: z
            .strictObject({
                deviceName: z
                    .string({ error: "is not a device name; expected e.g. /dev/xvda" })
                    .regex(/^\/dev\/(xvd|sd|nvme)[a-z0-9]+$/, {
                        error: "is not a device name; expected e.g. /dev/xvda or /dev/sda1",
                    })
                    .default("/dev/xvda"),
                sizeGiB: between(1, 16384, "GiB").optional(),
            })
            .optional(),
        /** The default appliance logs each new inner flow to its journal. */
        logFlows: z.boolean({ error: "is not true or false; expected true or false" }).default(false),
        healthCheck: healthCheck.prefault({}),
        /** Cross-zone load balancing on the Gateway Load Balancer. */
        crossZone: z.boolean({ error: "is not true or false; expected true or false" }).default(false),
        deregistrationDelaySeconds: between(0, 3600, "seconds").default(300),
        /**
         * Who may create endpoints to the fleet: account roots or roles of listed spoke accounts.
         * Default: every spoke account of the environment (`arn:aws:iam::<id>:root`).
         */
        allowedPrincipals: z
            .array(principal, { error: "is not a list; expected a list of account root or role ARNs" })
            .min(1, {
                error: "is empty; expected at least one spoke account root or deployer role ARN (or remove the field to allow every spoke account)",
            })
            .optional(),
    })
    .superRefine((a, ctx) => {
        const issue = (path: (string | number)[], input: unknown, message: string) =>
            ctx.addIssue({ code: "custom", path, input, message });
        if (a.minSize > a.maxSize) {
            issue(["minSize"], a.minSize, `is above maxSize ${a.maxSize}; expected minSize <= maxSize`);
        } else if (a.desiredCapacity < a.minSize || a.desiredCapacity > a.maxSize) {
            issue(
                ["desiredCapacity"],
                a.desiredCapacity,
                `is outside minSize-maxSize (${a.minSize}-${a.maxSize}); expected a count from ${a.minSize} to ${a.maxSize}`,
            );
        }
        if (a.maxSize < 1) {
            issue(["maxSize"], a.maxSize, "is 0; expected at least 1 appliance");
        }
        // A fleet that may scale to nothing drops every flow the GWLB endpoints send it.
        for (const key of ["minSize", "desiredCapacity"] as const) {
            if (a[key] === 0 && a.maxSize >= 1) {
                issue(
                    [key],
                    a[key],
                    "is 0: with no appliance running, the Gateway Load Balancer drops every flow its endpoints send it; expected at least 1",
                );
            }
        }
        const h = a.healthCheck;
        if (h.timeoutSeconds >= h.intervalSeconds) {
            issue(
                ["healthCheck", "timeoutSeconds"],
                h.timeoutSeconds,
                `is not below intervalSeconds ${h.intervalSeconds}; expected a timeout shorter than the interval`,
            );
        }
        if (h.path !== undefined && h.protocol !== "http") {
            issue(
                ["healthCheck", "path"],
                h.path,
                "is set for a tcp health check; expected protocol http, or remove the path",
            );
        }
    });

/** The `appliances` section as parsed. */
export type AppliancesConfig = z.output<typeof appliancesSchema>;

/** The fleet settings of one security stack, defaults applied and checked against the environment. */
export interface ApplianceSettings {
    readonly instanceType: string;
    readonly minSize: number;
    readonly desiredCapacity: number;
    readonly maxSize: number;
    readonly image?: string;
    readonly userData?: string;
    readonly rootVolume?: { readonly deviceName: string; readonly sizeGiB?: number };
    readonly logFlows: boolean;
    readonly healthCheck: {
        readonly port: number;
        readonly protocol: "TCP" | "HTTP";
        readonly path?: string;
        readonly intervalSeconds: number;
        readonly timeoutSeconds: number;
        readonly healthyThreshold: number;
        readonly unhealthyThreshold: number;
    };
    readonly crossZone: boolean;
    readonly deregistrationDelaySeconds: number;
    readonly allowedPrincipals: readonly string[];
}

/**
 * The fleet settings for the security stack of `regionKey`, with the rules that need the whole
 * environment: the section is present; every principal is a listed spoke account's (default: every
 * spoke's deployer role, so an environment without spokes must say who may connect); at least one
 * appliance per AZ in production and whenever cross-zone load balancing is off; and the security VPC
 * holds its subnets. Throws a ConfigError naming file, line, field, value and fix.
 */
export function resolveAppliances(
    environment: Environment,
    file: YamlFile,
    regionKey: "primary" | "dr",
): ApplianceSettings {
    const problems: ConfigProblem[] = [];
    const at = (keys: (string | number)[], value: unknown, message: string) =>
        problems.push({ file: file.path, line: file.lineOf(keys), field: keys.join("."), value, message });
    const a = environment.appliances;
    if (a === undefined) {
        throw new ConfigError([
            {
                file: file.path,
                field: "appliances",
                message:
                    "is missing; expected an appliances section (instanceType, minSize, desiredCapacity, maxSize) for the security stack's GWLB fleet",
            },
        ]);
    }
    const region = environment.regions[regionKey];
    const azs = region?.availabilityZones ?? 0;

    const spokeAccounts = environment.accounts.spokes.map((s) => s.id);
    // By default the spoke accounts themselves: an account's root always exists, where a role named in
    // the endpoint service's permissions must exist when they are written (and a re-created one is a
    // different principal).
    const principals =
        a.allowedPrincipals ??
        environment.accounts.spokes.map((s) => `arn:${s.deployerRoleArn.split(":")[1]}:iam::${s.id}:root`);
    if (principals.length === 0) {
        at(
            ["accounts", "spokes"],
            undefined,
            "lists no spoke account, so no one may connect to the GWLB fleet; expected a spoke account, or appliances.allowedPrincipals",
        );
    }
    (a.allowedPrincipals ?? []).forEach((p, i) => {
        if (!spokeAccounts.includes(arnAccount(p))) {
            at(
                ["appliances", "allowedPrincipals", i],
                p,
                `belongs to account ${arnAccount(p)}, which accounts.spokes does not list; expected a principal of a listed spoke account`,
            );
        }
    });

    if (environment.profile === "production" && a.minSize < azs) {
        at(
            ["appliances", "minSize"],
            a.minSize,
            `is below one appliance per AZ (${azs} AZs in regions.${regionKey}); expected at least ${azs} in production`,
        );
    } else if (!a.crossZone && a.minSize < azs) {
        at(
            ["appliances", "minSize"],
            a.minSize,
            `leaves an AZ without an appliance while crossZone is false (${azs} AZs in regions.${regionKey}); expected at least ${azs}, or crossZone: true`,
        );
    }

    if (region) {
        try {
            planSecurityVpc(
                region.cidrs.security,
                Array.from({ length: azs }, (_, i) => `az${i + 1}`),
            );
        } catch {
            at(
                ["regions", regionKey, "cidrs", "security"],
                region.cidrs.security,
                `is too small for an appliance /27 and a gwlb /28 in each of ${azs} AZs; expected a larger range, e.g. a /23`,
            );
        }
    }
    if (problems.length > 0) throw new ConfigError(problems);

    const h = a.healthCheck;
    const http = h.protocol === "http";
    return {
        instanceType: a.instanceType,
        minSize: a.minSize,
        desiredCapacity: a.desiredCapacity,
        maxSize: a.maxSize,
        image: a.ami,
        userData: a.userData,
        rootVolume: a.rootVolume,
        logFlows: a.logFlows,
        healthCheck: {
            port: h.port,
            protocol: http ? "HTTP" : "TCP",
            path: http ? (h.path ?? "/healthz") : undefined,
            intervalSeconds: h.intervalSeconds,
            timeoutSeconds: h.timeoutSeconds,
            healthyThreshold: h.healthyThreshold,
            unhealthyThreshold: h.unhealthyThreshold,
        },
        crossZone: a.crossZone,
        deregistrationDelaySeconds: a.deregistrationDelaySeconds,
        allowedPrincipals: principals,
    };
}
