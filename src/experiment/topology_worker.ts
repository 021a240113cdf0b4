/**
 * Worker entry of {@linkcode ./topology_pool.ts}: runs one
 * {@linkcode TopologyTask} per message, off the main thread.
 *
 * A message is `{ id, ...task }`; the reply is `{ id, result }` or
 * `{ id, error }`.
 *
 * @module
 */

import { runTopologyTask, type TopologyTask } from "./topology_task.ts";

type Request = { id: number } & TopologyTask;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async ({ data }: MessageEvent<Request>) => {
  try {
    scope.postMessage({ id: data.id, result: await runTopologyTask(data) });
  } catch (error) {
    const e = error as Error;
    scope.postMessage({ id: data.id, error: e?.stack ?? String(error) });
  }
};
