/**
 * `npm run bench -- --spokes N`: generates an environment with the shipped hub (the network and
 * security stacks of dev) and N spokes in a temporary folder, runs the offline plan over it, and
 * prints wall time, peak RSS and CPU time (of the plan's process and of the pack's), resources,
 * milliseconds per resource, and the ratio to an SDK floor measured in the same run: as many
 * registrations of a trivial resource, in as many stacks, under the same mocks on as many threads,
 * with no policies. Its command line is cli/plan/bench-cli.ts.
 */
import "./compile-cache";
import * as fs from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { cidrContains, parseCidr, subdivide } from "../../components/network/subnet-plan";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import {
    FIREWALL_RULES_DIR,
    firewallRulesFile,
    hasFirewallRulesFile,
} from "../../stacks/schema/firewall-file";
import { defaultParallelism, plan } from "./main";
import type { PlanDocument } from "./preview-json";
import { StackThreads } from "./worker-pool";
import type { PolicyThread } from "../policy/thread";

const ENV = "bench";

/** The fields of `/proc/<pid>/stat` after the command name, from the state (field 3) on. */
function statFields(pid: number | "self"): string[] | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    } catch {
        return undefined;
    }
}

/**
 * CPU seconds used by the child processes of this one that have exited (the pack's), from
 * `/proc/self/stat` (cutime and cstime, in the kernel's 100 ticks a second); undefined elsewhere.
 */
function exitedChildrenCpuSeconds(): number | undefined {
    const fields = statFields("self");
    // Fields 16 and 17 of stat, counted from the state field (3).
    return fields ? (Number(fields[13]) + Number(fields[14])) / 100 : undefined;
}

/** The CPU time row: the total and the share of each process, then per core. */
function cpuText(planS: number, packS: number | undefined): string {
    const cores = availableParallelism();
    const totalS = planS + (packS ?? 0);
    const shares =
        packS === undefined
            ? `${planS.toFixed(1)} s this process`
            : `${planS.toFixed(1)} s this process, ${packS.toFixed(1)} s the policy pack's`;
    return `${totalS.toFixed(1)} s: ${shares}; ${(totalS / cores).toFixed(1)} s per core on ${cores} cores`;
}

/**
 * The largest peak RSS of this process's child processes (the pack's) while it watches, read from
 * `/proc` four times a second; undefined where there is no `/proc`.
 */
class ChildrenPeakRss {
    private peakKb?: number;
    private readonly timer = setInterval(() => this.sample(), 250);

    constructor() {
        this.timer.unref();
        this.sample();
    }

    private sample(): void {
        let entries: string[];
        try {
            entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
        } catch {
            return;
        }
        this.peakKb ??= 0;
        for (const entry of entries) {
            // Field 4 of stat: the parent's process ID.
            if (statFields(Number(entry))?.[1] !== String(process.pid)) continue;
            try {
                const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
                const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
                if (hwm) this.peakKb = Math.max(this.peakKb, Number(hwm[1]));
            } catch {
                // It exited meanwhile: its last sample stands.
            }
        }
    }

    /** Stops watching; the peak in MB (0 if no child ran, undefined without `/proc`). */
    stop(): number | undefined {
        clearInterval(this.timer);
        return this.peakKb === undefined ? undefined : this.peakKb / 1024;
    }
}

/** The prefix length of a generated spoke's VPC: a /21, as the shipped spokes ask for. */
const SPOKE_PREFIX = 21;

/**
 * The addressing of a benchmark with `spokes` spokes of a /21 each: the template's supernet and pool
 * when the pool has room (a /13 holds 256), else a pool just large enough, aligned, right after the
 * supernet, and the smallest supernet holding both (for 1,000 spokes of dev's 10.64.0.0/12: a /11
 * pool 10.96.0.0/11 in the supernet 10.64.0.0/10). The hub's own ranges stay where they were, inside
 * the supernet. Throws when the supernet would leave 10.0.0.0/8.
 */
export function spokeAddressing(
    supernet: string,
    pool: string,
    spokes: number,
): { supernet: string; pool: string; ranges: string[] } {
    const bits = Math.ceil(Math.log2(Math.max(1, spokes)));
    const poolPrefix = SPOKE_PREFIX - bits;
    const own = parseCidr(pool);
    if (own.prefixLength <= poolPrefix) {
        return { supernet, pool, ranges: subdivide(pool, SPOKE_PREFIX).slice(0, spokes) };
    }
    const outer = parseCidr(supernet);
    const size = 1n << BigInt(32 - poolPrefix);
    const start = ((outer.last + 1n + size - 1n) / size) * size;
    const wider = parseCidr(blockOf(start, poolPrefix));
    let prefix = outer.prefixLength;
    while (prefix > 0 && !(outer.first >> BigInt(32 - prefix) === wider.last >> BigInt(32 - prefix)))
        prefix--;
    const widened = blockOf((outer.first >> BigInt(32 - prefix)) << BigInt(32 - prefix), prefix);
    if (!cidrContains("10.0.0.0/8", widened)) {
        throw new Error(
            `addressing.supernet '${supernet}' cannot grow to hold ${spokes} /${SPOKE_PREFIX} spokes inside 10.0.0.0/8; expected fewer --spokes`,
        );
    }
    const generated = blockOf(start, poolPrefix);
    return {
        supernet: widened,
        pool: generated,
        ranges: subdivide(generated, SPOKE_PREFIX).slice(0, spokes),
    };
}

/** The CIDR of `prefix` bits at the integer address `network`. */
function blockOf(network: bigint, prefix: number): string {
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((network >> shift) & 255n));
    return `${octets.join(".")}/${prefix}`;
}

/** Writes the environment and the stack config files of the benchmark under `root`. */
export function generateEnvironment(root: string, spokes: number): void {
    const environments = path.join(root, "stacks", "environments");
    const configs = path.join(root, "stacks", "config");
    fs.mkdirSync(environments, { recursive: true });
    fs.mkdirSync(configs, { recursive: true });
    const dev = parse(
        fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "environments", "dev.yaml"), "utf8"),
    ) as {
        name: string;
        accounts: { spokes: { id: string; deployerRoleArn: string }[] };
        addressing: { supernet: string; spokePool: string };
        regions: { primary: { name: string } };
    };
    const { supernet, pool, ranges } = spokeAddressing(
        dev.addressing.supernet,
        dev.addressing.spokePool,
        spokes,
    );
    dev.addressing.supernet = supernet;
    dev.addressing.spokePool = pool;
    const accounts = Array.from({ length: spokes }, (_, i) => String(600000000000 + i));
    dev.name = ENV;
    dev.accounts.spokes = accounts.map((id) => ({
        id,
        deployerRoleArn: `arn:aws:iam::${id}:role/hub-network-deployer`,
    }));
    fs.writeFileSync(path.join(environments, `${ENV}.yaml`), stringify(dev));
    // dev's firewall rules, where they have a file of their own.
    if (hasFirewallRulesFile("dev", PROJECT_ROOT)) {
        fs.mkdirSync(path.join(root, FIREWALL_RULES_DIR), { recursive: true });
        fs.copyFileSync(
            path.join(PROJECT_ROOT, firewallRulesFile("dev")),
            path.join(root, firewallRulesFile(ENV)),
        );
    }
    for (const role of ["network", "security"]) {
        const text = fs.readFileSync(
            path.join(PROJECT_ROOT, "stacks", "config", `Pulumi.${role}-dev.yaml`),
            "utf8",
        );
        fs.writeFileSync(
            path.join(configs, `Pulumi.${role}-${ENV}.yaml`),
            text.replace(/environment: dev/, `environment: ${ENV}`),
        );
    }
    accounts.forEach((account, i) => {
        const name = `s${String(i + 1).padStart(3, "0")}`;
        const cidr = ranges[i];
        const config = {
            config: {
                "aws:region": dev.regions.primary.name,
                "aws:allowedAccountIds": [account],
                "hub-network:role": "spoke",
                "hub-network:environment": ENV,
                "hub-network:spoke": {
                    name,
                    account,
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
        fs.writeFileSync(path.join(configs, `Pulumi.spoke-${name}-${ENV}.yaml`), stringify(config));
    });
}

/** What to benchmark. */
export interface BenchOptions {
    /** Generated spokes (the command line takes 1 to 2,000). */
    readonly spokes: number;
    /** Threads evaluating stacks (default: the plan's own choice). */
    readonly workers?: number;
    /** Plans without the policy pack. */
    readonly noPolicy: boolean;
    /** Keeps the generated folder and prints its path. */
    readonly keep: boolean;
}

/**
 * Runs the benchmark and prints its table; returns the exit code. `early`: the pack, started before
 * the SDK and the program were loaded, as `npm run plan` starts it (the plan stops it if unused).
 */
export async function runBench(options: BenchOptions, early?: PolicyThread): Promise<number> {
    const { spokes } = options;
    // The plan's own default: the hub's stacks and the spokes.
    const workers = options.workers ?? defaultParallelism(spokes + 2, !options.noPolicy).threads;
    let handedOver = false;
    const root = fs.mkdtempSync(path.join(tmpdir(), "hub-network-bench-"));
    try {
        generateEnvironment(root, spokes);
        const out = path.join(root, "out");
        const lines: string[] = [];
        let planned: PlanDocument | undefined;
        const childrenPeak = new ChildrenPeakRss();
        const childrenCpuBefore = exitedChildrenCpuSeconds();
        const ownCpuBefore = process.cpuUsage();
        const started = performance.now();
        handedOver = true;
        const code = await plan(
            [
                "--env",
                ENV,
                "--root",
                root,
                "--out",
                out,
                "--quiet",
                "--allow-asymmetric",
                "--workers",
                String(workers),
                ...(options.noPolicy ? ["--no-policy"] : []),
            ],
            (line) => lines.push(line),
            early,
            console.error,
            // The document itself: at 1,000 spokes, plan.json is larger than one string can be.
            (document) => (planned = document),
        );
        const wallMs = performance.now() - started;
        // From the process's start: Node.js, the SDK, the program and the pack loading, then the plan.
        const processMs = performance.now();
        const ownCpu = process.cpuUsage(ownCpuBefore);
        const planCpuS = (ownCpu.user + ownCpu.system) / 1e6;
        const childrenCpuAfter = exitedChildrenCpuSeconds();
        const packCpuS =
            childrenCpuBefore !== undefined && childrenCpuAfter !== undefined
                ? childrenCpuAfter - childrenCpuBefore
                : undefined;
        const packPeakMb = childrenPeak.stop();
        const peakRssMb = process.resourceUsage().maxRSS / 1024;
        if (!planned) {
            console.error(lines.join("\n"));
            console.error(`bench: the plan ended (exit code ${code}) without a document`);
            return 1;
        }
        const doc: PlanDocument = planned;
        const failed = doc.hubNetwork.stacks.filter((s) => s.error);
        if (failed.length > 0) {
            console.error(lines.join("\n"));
            console.error(`bench: ${failed.length} stack(s) failed`);
            return 1;
        }
        const perStack = doc.hubNetwork.stacks.map((s) => s.resources);
        const resources = perStack.reduce((a, b) => a + b, 0);

        // The SDK floor: the same number of registrations of a trivial resource, stack by stack.
        const pool = new StackThreads(workers);
        const floorStarted = performance.now();
        // Every worker loads the SDK first (this thread has it already): not part of the floor.
        await Promise.all(
            Array.from({ length: workers }, (_, i) => pool.floor(`warm-up-${i}`, 1).catch(() => undefined)),
        );
        const warm = performance.now();
        const floors = await Promise.all(perStack.map((n, i) => pool.floor(`floor-${i}`, n)));
        const floorMs = performance.now() - warm;
        await pool.close();
        const floorLoadMs = warm - floorStarted;
        // How the floor's registrations spread over the threads: a check that every thread took work.
        const perThread = new Map<number, number>();
        for (const f of floors) perThread.set(f.thread, (perThread.get(f.thread) ?? 0) + f.count);

        const table = [
            ["spokes", String(spokes)],
            ["stacks", String(doc.hubNetwork.stacks.length)],
            ["threads", String(workers)],
            ["policy pack", options.noPolicy ? "off" : "on"],
            ["wall time", `${(wallMs / 1000).toFixed(1)} s`],
            ["process wall time", `${(processMs / 1000).toFixed(1)} s (start-up and plan)`],
            [
                "phases",
                Object.entries(doc.hubNetwork.phases)
                    .map(([k, v]) => `${k.replace(/Ms$/, "")} ${(v / 1000).toFixed(1)} s`)
                    .join(", "),
            ],
            [
                "peak RSS",
                `${Math.round(peakRssMb)} MB this process` +
                    (options.noPolicy || packPeakMb === undefined
                        ? ""
                        : `, ${Math.round(packPeakMb)} MB the policy pack's`),
            ],
            ["CPU time", cpuText(planCpuS, options.noPolicy ? undefined : packCpuS)],
            ["resources", String(resources)],
            ["ms per resource", (wallMs / resources).toFixed(2)],
            [
                "SDK floor",
                `${(floorMs / 1000).toFixed(1)} s (after ${(floorLoadMs / 1000).toFixed(1)} s loading the SDK;` +
                    ` registrations per thread ${[...perThread.values()].join(" / ")})`,
            ],
            ["ratio to floor", (wallMs / floorMs).toFixed(2)],
            ["plan exit code", String(code)],
        ];
        const width = Math.max(...table.map(([k]) => k.length));
        console.log(table.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n"));
        return 0;
    } finally {
        if (early && !handedOver) await early.close();
        if (options.keep) console.log(`kept ${root}`);
        else fs.rmSync(root, { recursive: true, force: true });
    }
}
