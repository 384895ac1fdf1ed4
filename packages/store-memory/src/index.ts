export { MemoryTokenStore } from "./memory-token-store.js";
