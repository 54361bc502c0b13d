/**
 * The part of mongod's aggregate parsing that comes before authorization: every stage name, in
 * sub-pipelines too, must be one mongod knows ("Unrecognized pipeline stage name", 40324), so a
 * client learns a typo from the right error rather than from Unauthorized.
 */
import type { Document } from "bson";
import { isKnownStage } from "../authz/index.js";
import { mongodErrorReply } from "../backends/error-codes.js";

function isObject(value: unknown): value is Document {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !("_bsontype" in value);
}

function unknownStage(pipeline: unknown, depth: number): string | undefined {
  if (!Array.isArray(pipeline) || depth > 20) return undefined;
  for (const stage of pipeline) {
    if (!isObject(stage)) continue;
    const name = Object.keys(stage)[0];
    if (name === undefined) continue;
    if (!isKnownStage(name)) return name;
    const spec: unknown = stage[name];
    if (!isObject(spec)) continue;
    const inner = name === "$facet" ? Object.values(spec) : name === "$lookup" || name === "$unionWith" ? [spec.pipeline] : [];
    for (const sub of inner) {
      const found = unknownStage(sub, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The error reply for a pipeline with a stage mongod does not know, or undefined. */
export function pipelineParseError(command: Document): Document | undefined {
  const name = Object.keys(command)[0];
  const target = name === "explain" && isObject(command.explain) ? command.explain : command;
  if (Object.keys(target)[0] !== "aggregate") return undefined;
  const stage = unknownStage(target.pipeline, 0);
  return stage === undefined ? undefined : mongodErrorReply("Location40324", `Unrecognized pipeline stage name: '${stage}'`);
}
