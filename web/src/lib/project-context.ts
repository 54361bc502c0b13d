import { createContext, useContext } from "react";
import type { Project } from "../api/atlas-types.js";
import type { Permission } from "./permissions.js";

/** The project being viewed and what the person may do in it. */
export interface ProjectContextValue {
  project: Project;
  can: (permission: Permission) => boolean;
}

/** @internal read it with `useProject`. */
export const ProjectContext = createContext<ProjectContextValue | undefined>(undefined);

/** The current project; only valid inside `ProjectLayout`. */
export function useProject(): ProjectContextValue {
  const value = useContext(ProjectContext);
  if (!value) throw new Error("useProject used outside a project page");
  return value;
}
