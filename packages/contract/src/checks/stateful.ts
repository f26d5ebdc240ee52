import type { RunContext } from "../context.js";
export async function checkStateful(_ctx: RunContext): Promise<void> {}
