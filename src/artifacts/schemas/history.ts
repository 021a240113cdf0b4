/**
 * `history.json` (nntopo/history@1): per-epoch loss, accuracy and RMSE of one
 * network on the train and the test set; epoch 0 is the untrained network.
 *
 * @module
 */

import { z } from "zod";
import { epochScores } from "./common.ts";

/** The history's schema, without its `schema` tag. */
export const historyBody = z.strictObject({
  network: z.string().min(1),
  epochs: z.array(epochScores),
});
