/**
 * `history.json` (nntopo/history@1): per-epoch loss, accuracy and RMSE of one
 * network on the train and the test set; epoch 0 is the untrained network.
 * A score an imported dump did not record is `null`.
 *
 * @module
 */

import { z } from "zod";
import { recordedEpochScores } from "./common.ts";

/** The history's schema, without its `schema` tag. */
export const historyBody = z.strictObject({
  network: z.string().min(1),
  /** One row per epoch; an imported history may lack some scores (`null`). */
  epochs: z.array(recordedEpochScores),
});
