/** Checks of {@link EcsApiArgs} before any resource is declared, and the settings they resolve to. */
import { SERVICE_COLLECTIONS, type ContainerServiceName } from "../../services/images";
import type { EcsApiArgs } from "./ecs-api";
import type { EcsServiceSettings } from "./ecs-service";
import { requireAzSpread } from "./network";
import { validateWebAclRules } from "./web-acl";

/** Memory (MiB) Fargate accepts per CPU size: [min, max, step]. */
const FARGATE_MEMORY: Readonly<Record<number, readonly [number, number, number]>> = {
    256: [512, 2048, 512],
    512: [1024, 4096, 1024],
    1024: [2048, 8192, 1024],
    2048: [4096, 16384, 1024],
    4096: [8192, 30720, 1024],
};

/** The args with every default applied. */
export interface EcsApiSettings {
    /** The services to run. */
    readonly services: readonly ContainerServiceName[];
    /** Sizing and scaling per service. */
    readonly serviceSettings: Readonly<Record<string, Required<EcsServiceSettings>>>;
    /** Default throttling of the HTTP API's routes. */
    readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
    /** Port of the internal listener: 80 (HTTP) or 443 (HTTPS). */
    readonly listenerPort: 80 | 443;
}

/** The internal listener's port: 443 with an HTTPS certificate, else 80. */
export function ecsListenerPort(https: unknown): 80 | 443 {
    return https ? 443 : 80;
}

/**
 * Validates the args of an EcsApi and resolves its defaults.
 * @throws Error naming the owner, the arg, the value and the fix
 */
export function validateEcsApiArgs(owner: string, args: EcsApiArgs): EcsApiSettings {
    const fail = (message: string): never => {
        throw new Error(`${owner}: ${message}`);
    };
    const services = args.services ?? (Object.keys(SERVICE_COLLECTIONS) as ContainerServiceName[]);
    if (services.length === 0) fail("services is empty; name at least one of petstore, foodstore");
    for (const service of services) {
        if (!(service in SERVICE_COLLECTIONS)) {
            fail(
                `services lists unknown service '${String(service)}'; expected ${Object.keys(SERVICE_COLLECTIONS).join(", ")}`,
            );
        }
    }
    if (new Set(services).size !== services.length) fail("services lists a service twice");
    for (const key of Object.keys(args.serviceSettings ?? {})) {
        if (!services.includes(key as ContainerServiceName)) {
            fail(`serviceSettings has '${key}', which is not in services; remove it or add the service`);
        }
    }

    requireAzSpread(owner, "network.subnets", args.network.subnets);
    requireAzSpread(owner, "vpcLinkSubnets", args.vpcLinkSubnets);
    const withoutCidr = args.network.subnets.filter((s) => s.cidr === undefined);
    if (withoutCidr.length > 0) {
        fail(
            "network.subnets need their cidr (the VPC link may reach only the workload subnets); " +
                "build them with workloadSubnetsOf(...) or add cidr to each",
        );
    }
    if (args.https !== undefined && !/^[a-z0-9*.-]+$/.test(args.https.serverName)) {
        fail(
            `https.serverName '${args.https.serverName}' is not a DNS name; give the name on the ALB's certificate`,
        );
    }
    validateWebAclRules(owner, args.waf ?? {});

    const whole = (field: string, value: number, min: number, max: number): number => {
        if (!Number.isInteger(value) || value < min || value > max) {
            fail(`${field} ${value} is out of range; expected a whole number from ${min} to ${max}`);
        }
        return value;
    };
    const serviceSettings: Record<string, Required<EcsServiceSettings>> = {};
    for (const service of services) {
        const given = args.serviceSettings?.[service] ?? {};
        const field = (key: string) => `serviceSettings.${service}.${key}`;
        const minCount = whole(field("minCount"), given.minCount ?? 2, 1, 100);
        const maxCount = whole(field("maxCount"), given.maxCount ?? 4, minCount, 100);
        const desiredCount = whole(field("desiredCount"), given.desiredCount ?? minCount, minCount, maxCount);
        const cpu = given.cpu ?? 256;
        const memoryRange = FARGATE_MEMORY[cpu];
        if (memoryRange === undefined) {
            fail(`${field("cpu")} ${cpu} is not a Fargate size; expected 256, 512, 1024, 2048 or 4096`);
        }
        const [low, high, step] = memoryRange;
        const memory = given.memory ?? low;
        if (!Number.isInteger(memory) || memory < low || memory > high || memory % step !== 0) {
            fail(
                `${field("memory")} ${memory} does not fit cpu ${cpu}; expected ${low} to ${high} in steps of ${step}`,
            );
        }
        serviceSettings[service] = {
            desiredCount,
            minCount,
            maxCount,
            cpuTargetPercent: whole(field("cpuTargetPercent"), given.cpuTargetPercent ?? 60, 10, 90),
            cpu,
            memory,
            containerHealthCheck: given.containerHealthCheck ?? false,
        };
    }
    const rateLimit = args.throttling?.rateLimit ?? 100;
    if (!Number.isFinite(rateLimit) || rateLimit <= 0) {
        fail(`throttling.rateLimit ${rateLimit} is out of range; expected a number above 0`);
    }
    return {
        services,
        serviceSettings,
        throttling: {
            rateLimit,
            burstLimit: whole("throttling.burstLimit", args.throttling?.burstLimit ?? 200, 1, 5000),
        },
        listenerPort: ecsListenerPort(args.https),
    };
}
