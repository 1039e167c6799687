/**
 * The default user data of the GWLB appliance fleet (pure, no Pulumi imports): the bootstrap script
 * `geneve-appliance.sh` with the GENEVE responder `geneve-responder.py` inlined and the fleet's
 * settings filled in. Both files ship next to this module and are read relative to it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCidr } from "../subnet-plan";

/** EC2 accepts at most 16 KB of user data before base64 encoding. */
export const MAX_USER_DATA_BYTES = 16 * 1024;

/** Where the appliance scripts live: next to this module. */
export const APPLIANCE_DIR = __dirname;

/** Settings the default appliance script needs. */
export interface ApplianceUserDataArgs {
    /** Port the health listener answers on (the target group's health-check port). */
    readonly healthCheckPort: number;
    /** HTTP path that answers 200; undefined for TCP checks (any path answers). @default undefined */
    readonly healthCheckPath?: string;
    /** CIDRs the GWLB nodes send from (the `gwlb` subnets); packets from elsewhere are dropped. */
    readonly allowedSources: readonly string[];
    /** Log each new inner flow as a JSON line to the journal. @default false */
    readonly logFlows?: boolean;
}

const HEALTH_PATH = /^\/[A-Za-z0-9._~/-]*$/;

/**
 * The default user data (plain text, not yet base64): a first-boot script that installs the GENEVE
 * responder as a systemd service. Throws for a port outside 1-65535 or the GENEVE port, a health path
 * with characters a shell or URL would treat specially, a source that is not a CIDR, or a result
 * larger than EC2's user data limit.
 */
export function applianceUserData(args: ApplianceUserDataArgs): string {
    const { healthCheckPort: port, healthCheckPath: healthPath, allowedSources } = args;
    if (!Number.isInteger(port) || port < 1 || port > 65535 || port === 6081) {
        throw new Error(
            `applianceUserData: healthCheckPort ${port} is not a port for the health listener; expected 1-65535 other than 6081 (GENEVE)`,
        );
    }
    if (healthPath !== undefined && !HEALTH_PATH.test(healthPath)) {
        throw new Error(
            `applianceUserData: healthCheckPath '${healthPath}' is not a plain path; expected '/' followed by letters, digits and . _ ~ / -`,
        );
    }
    if (allowedSources.length === 0) {
        throw new Error("applianceUserData: allowedSources is empty; expected the CIDRs of the gwlb subnets");
    }
    allowedSources.forEach((cidr) => parseCidr(cidr));
    const responder = fs.readFileSync(path.join(APPLIANCE_DIR, "geneve-responder.py"), "utf8").trimEnd();
    const script = fs
        .readFileSync(path.join(APPLIANCE_DIR, "geneve-appliance.sh"), "utf8")
        .replace("@@HEALTH_CHECK_PORT@@", String(port))
        .replace("@@HEALTH_CHECK_PATH@@", healthPath ?? "")
        .replace("@@ALLOWED_SOURCES@@", allowedSources.join(" "))
        .replace("@@LOG_FLOWS@@", args.logFlows ? "true" : "false")
        .replace("@@GENEVE_RESPONDER_PY@@", () => responder);
    const size = Buffer.byteLength(script, "utf8");
    if (size > MAX_USER_DATA_BYTES) {
        throw new Error(
            `applianceUserData: the script is ${size} bytes; expected at most ${MAX_USER_DATA_BYTES} (EC2's user data limit)`,
        );
    }
    return script;
}
