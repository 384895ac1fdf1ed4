import type { ConformanceCategory } from "../types.js";
import { basics } from "./basics.js";
import { copies } from "./copies.js";
import { errors } from "./errors.js";
import { fidelity } from "./fidelity.js";
import { lifecycle } from "./lifecycle.js";
import { matchRule } from "./match-rule.js";
import { partialSave } from "./partial-save.js";
import { upsert } from "./upsert.js";
import { validation } from "./validation.js";

/** Every category of the suite, in the order they run. */
export const CATEGORIES: readonly ConformanceCategory[] = [
  basics,
  matchRule,
  upsert,
  partialSave,
  fidelity,
  copies,
  validation,
  errors,
  lifecycle,
];
