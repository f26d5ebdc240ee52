import type { RunContext } from "../context.js";
export async function checkFuzz(_ctx: RunContext): Promise<void> {}
