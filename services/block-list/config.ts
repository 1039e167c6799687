/**
 * The block-list function's configuration, from its environment variables (written by the network
 * stack's BlockList component from the environment file's `detection.response`).
 */
import { parseCidr, type Ipv4Cidr } from "./addresses";

/** The environment variables the function reads. */
export const BLOCK_LIST_ENV = {
    /** The VPC managed prefix list the firewall's block-list rule group references. */
    prefixListId: "PREFIX_LIST_ID",
    /** The prefix list's maximum number of entries: the function never asks for more. */
    maxEntries: "MAX_ENTRIES",
    /** How long an address stays blocked, in hours. */
    blockHours: "BLOCK_HOURS",
    /** The lowest GuardDuty severity acted on (1.0-10.0). */
    minimumSeverity: "MINIMUM_SEVERITY",
    /** Comma-separated prefixes of the GuardDuty finding types acted on. */
    findingTypes: "FINDING_TYPES",
    /** Comma-separated CIDRs never blocked (the environment's own ranges and `neverBlock`). */
    protectedCidrs: "PROTECTED_CIDRS",
    /**
     * The EC2 API endpoint to call, `https://<endpoint DNS name>` of the interface VPC endpoint the
     * function reaches EC2 through (optional: the regional endpoint otherwise).
     */
    ec2Endpoint: "EC2_ENDPOINT",
} as const;

/** The function's configuration. */
export interface BlockListConfig {
    readonly prefixListId: string;
    readonly maxEntries: number;
    readonly blockHours: number;
    readonly minimumSeverity: number;
    readonly findingTypes: readonly string[];
    readonly protectedCidrs: readonly Ipv4Cidr[];
    readonly ec2Endpoint?: string;
}

/** Reads the configuration; a missing or malformed variable is an error naming it. */
export function configFromEnvironment(env: Readonly<Record<string, string | undefined>>): BlockListConfig {
    const problems: string[] = [];
    const text = (key: string): string => {
        const value = env[key];
        if (value === undefined || value === "") problems.push(`${key} is not set`);
        return value ?? "";
    };
    const number = (key: string, min: number, max: number, integer: boolean): number => {
        const raw = text(key);
        const value = Number(raw);
        if (
            raw !== "" &&
            (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
        ) {
            problems.push(
                `${key} '${raw}' is not ${integer ? "a whole number" : "a number"} from ${min} to ${max}`,
            );
        }
        return value;
    };
    const list = (key: string): string[] =>
        (env[key] ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s.length > 0);

    const prefixListId = text(BLOCK_LIST_ENV.prefixListId);
    if (prefixListId !== "" && !/^pl-[0-9a-f]{8,17}$/.test(prefixListId)) {
        problems.push(`${BLOCK_LIST_ENV.prefixListId} '${prefixListId}' is not a prefix list ID (pl-...)`);
    }
    const findingTypes = list(BLOCK_LIST_ENV.findingTypes);
    if (findingTypes.length === 0) problems.push(`${BLOCK_LIST_ENV.findingTypes} is not set`);
    const protectedCidrs = list(BLOCK_LIST_ENV.protectedCidrs).map((c) => {
        const cidr = parseCidr(c);
        if (!cidr) problems.push(`${BLOCK_LIST_ENV.protectedCidrs} holds '${c}', which is not an IPv4 CIDR`);
        return cidr;
    });
    const ec2Endpoint = env[BLOCK_LIST_ENV.ec2Endpoint] || undefined;
    if (ec2Endpoint !== undefined && !/^https:\/\/[a-z0-9.-]+$/.test(ec2Endpoint)) {
        problems.push(`${BLOCK_LIST_ENV.ec2Endpoint} '${ec2Endpoint}' is not an https:// endpoint`);
    }
    const config: BlockListConfig = {
        prefixListId,
        maxEntries: number(BLOCK_LIST_ENV.maxEntries, 1, 1000, true),
        blockHours: number(BLOCK_LIST_ENV.blockHours, 1, 8760, true),
        minimumSeverity: number(BLOCK_LIST_ENV.minimumSeverity, 1, 10, false),
        findingTypes,
        protectedCidrs: protectedCidrs.filter((c): c is Ipv4Cidr => c !== undefined),
        ...(ec2Endpoint !== undefined ? { ec2Endpoint } : {}),
    };
    if (problems.length > 0) throw new Error(`block-list configuration: ${problems.join("; ")}`);
    return config;
}
