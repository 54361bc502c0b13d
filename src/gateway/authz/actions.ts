import { ACTION_TYPES, type ActionType } from "../../roles/index.js";

/** Number of action types; the length of every compiled action bitmap. */
export const ACTION_COUNT = ACTION_TYPES.length;

/** Each action's bit index, for the compiled privilege tables. */
export const ACTION: Readonly<Record<ActionType, number>> = Object.freeze(
  Object.fromEntries(ACTION_TYPES.map((name, index) => [name, index])) as Record<ActionType, number>,
);
