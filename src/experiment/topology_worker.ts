/**
 * Worker entry of {@linkcode ./topology_pool.ts}: runs one
 * {@linkcode TopologyTask} per message, off the main thread, one after
 * another in the order the messages came.
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

/** The tasks run one at a time, in the order they came (a task may wait in the inbox). */
let previous: Promise<void> = Promise.resolve();

scope.onmessage = ({ data }: MessageEvent<Request>) => {
  previous = previous.then(async () => {
    try {
      scope.postMessage({ id: data.id, result: await runTopologyTask(data) });
    } catch (error) {
      const e = error as Error;
      scope.postMessage({ id: data.id, error: e?.stack ?? String(error) });
    }
  });
};
