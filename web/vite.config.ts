import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/**
 * Builds the web UI into `web/dist/`, which the Admin API serves at `/`.
 * Run as `vite build web`, so `web/` is the root. `base: "/"` because the server answers every UI route with the same index.html.
 */
export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
  },
});
