/**
 * A single-node Slurm cluster for the tests, from Debian's slurm-wlm and
 * munge: munged (as the munge user, on a socket and key of its own), slurmctld
 * and slurmd with a generated slurm.conf (state, spool, pid and log files in
 * a temporary folder, free local ports, this host with all its CPUs).
 * {@linkcode stopCluster} stops exactly the daemons this started, by pid.
 *
 * @module
 */

import { createServer } from "node:net";

/** A running cluster. */
export interface Cluster {
  /** The temporary folder holding everything. */
  dir: string;
  /** Environment for sbatch/squeue: `SLURM_CONF`. */
  env: Record<string, string>;
  /** Pids of the daemons started, by name. */
  pids: Record<string, number>;
}

const TOOLS = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "runuser"];

/** The tools missing from PATH (an empty list when a cluster can be started). */
export async function missingTools(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of TOOLS) {
    const ok = await new Deno.Command("sh", { args: ["-c", `command -v ${tool}`], stdout: "null" })
      .output().then((o) => o.success).catch(() => false);
    if (!ok) missing.push(tool);
  }
  if (Deno.uid() !== 0) missing.push("(root: slurmd and munged are started as root)");
  return missing;
}

async function run(cmd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(cmd, { args, env, stdin: "null" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: exit ${out.code}: ${text}`);
  return text;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function readPid(path: string, what: string, log: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    try {
      const pid = Number((await Deno.readTextFile(path)).trim());
      if (pid > 0) return pid;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = await Deno.readTextFile(log).catch(() => "(no log)");
  throw new Error(`${what} did not write ${path}; its log:\n${tail.slice(-2000)}`);
}

async function startMunge(dir: string, pids: Record<string, number>): Promise<string> {
  const m = `${dir}/munge`;
  await Deno.mkdir(m);
  await Deno.chmod(m, 0o755); // clients need to reach the socket
  const key = new Uint8Array(1024);
  crypto.getRandomValues(key);
  await Deno.writeFile(`${m}/munge.key`, key, { mode: 0o600 });
  await run("chown", ["-R", "munge:munge", m]);
  const socket = `${m}/munge.socket`;
  await run("runuser", [
    "-u",
    "munge",
    "--",
    "munged",
    `--socket=${socket}`,
    `--key-file=${m}/munge.key`,
    `--pid-file=${m}/munged.pid`,
    `--log-file=${m}/munged.log`,
    `--seed-file=${m}/munged.seed`,
  ]);
  pids.munged = await readPid(`${m}/munged.pid`, "munged", `${m}/munged.log`);
  return socket;
}

function slurmConf(
  dir: string,
  o: { host: string; cpus: number; socket: string; ports: number[] },
) {
  return [
    "ClusterName=nntopotest",
    `SlurmctldHost=${o.host}(127.0.0.1)`,
    "SlurmUser=root",
    "SlurmdUser=root",
    `SlurmctldPort=${o.ports[0]}`,
    `SlurmdPort=${o.ports[1]}`,
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${o.socket}`,
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`,
    `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/slurmctld.log`,
    `SlurmdLogFile=${dir}/slurmd.log`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_CPU",
    "AccountingStorageType=accounting_storage/none",
    "JobAcctGatherType=jobacct_gather/none",
    "JobCompType=jobcomp/none",
    "MpiDefault=none",
    "ReturnToService=2",
    "SchedulerType=sched/backfill",
    "SlurmctldTimeout=30",
    "SlurmdTimeout=30",
    `NodeName=${o.host} NodeAddr=127.0.0.1 CPUs=${o.cpus} State=UNKNOWN`,
    `PartitionName=test Nodes=${o.host} Default=YES MaxTime=INFINITE State=UP`,
  ].join("\n") + "\n";
}

/** Start munged, slurmctld and slurmd; on any failure stop what started and throw. */
export async function startCluster(): Promise<Cluster> {
  const dir = await Deno.makeTempDir({ prefix: "nntopo-slurm-" });
  await Deno.chmod(dir, 0o755); // munged (user munge) must reach its folder
  const pids: Record<string, number> = {};
  const cluster: Cluster = { dir, env: { SLURM_CONF: `${dir}/slurm.conf` }, pids };
  try {
    const socket = await startMunge(dir, pids);
    const host = (await run("hostname", ["-s"])).trim();
    const cpus = navigator.hardwareConcurrency;
    const ports = [await freePort(), await freePort()];
    for (const sub of ["state", "spool"]) await Deno.mkdir(`${dir}/${sub}`);
    await Deno.writeTextFile(cluster.env.SLURM_CONF, slurmConf(dir, { host, cpus, socket, ports }));
    const env = cluster.env;
    await run("slurmctld", ["-i"], env);
    pids.slurmctld = await readPid(`${dir}/slurmctld.pid`, "slurmctld", `${dir}/slurmctld.log`);
    await run("slurmd", [], env);
    pids.slurmd = await readPid(`${dir}/slurmd.pid`, "slurmd", `${dir}/slurmd.log`);
    await waitForIdleNode(env, dir);
    return cluster;
  } catch (error) {
    await stopCluster(cluster);
    throw error;
  }
}

async function waitForIdleNode(env: Record<string, string>, dir: string): Promise<void> {
  let last = "";
  for (let i = 0; i < 300; i++) {
    last = await run("sinfo", ["-h", "-o", "%T"], env).catch((e) => String(e));
    if (/^idle/m.test(last.trim())) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  const log = await Deno.readTextFile(`${dir}/slurmctld.log`).catch(() => "");
  throw new Error(
    `slurm node not idle after 60 s (sinfo: ${last.trim()}); slurmctld log:\n${log.slice(-2000)}`,
  );
}

/** Stop the daemons this cluster started (by pid, slurm first), wait for them, remove the folder. */
export async function stopCluster(cluster: Cluster): Promise<void> {
  for (const name of ["slurmd", "slurmctld", "munged"]) {
    const pid = cluster.pids[name];
    if (!pid) continue;
    try {
      Deno.kill(pid, "SIGTERM");
    } catch { /* already gone */ }
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
  }
  await Deno.remove(cluster.dir, { recursive: true }).catch(() => {});
}

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}
