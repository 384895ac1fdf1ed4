import { describe, expect, it } from "vitest";

import {
  UnchangedWriteError,
  WriteLedger,
  checkAffected,
} from "../src/write-check.js";

describe("checkAffected", () => {
  it("accepts the expected number of changed rows", () => {
    expect(() => checkAffected("update", 1)).not.toThrow();
    expect(() => checkAffected("delete", 3, 3)).not.toThrow();
  });

  it("rejects a write that changed no row", () => {
    expect(() => checkAffected("update", 0)).toThrow(UnchangedWriteError);
  });

  it("rejects a write that changed more rows than expected", () => {
    expect(() => checkAffected("update", 2)).toThrow(/changed 2 rows/);
  });
});

describe("WriteLedger", () => {
  it("hands out a new value on every write", () => {
    const ledger = new WriteLedger("access");
    ledger.record("ada", "seeded");
    const first = ledger.next("ada");
    const second = ledger.next("ada");
    expect(first).not.toBe("seeded");
    expect(second).not.toBe(first);
    expect(ledger.expected("ada")).toBe(second);
  });

  it("keeps values of two ledgers apart", () => {
    const store = new WriteLedger("store");
    const reference = new WriteLedger("reference");
    expect(store.next("ada")).not.toBe(reference.next("ada"));
  });

  it("rejects a planned write of the stored value", () => {
    const ledger = new WriteLedger("access");
    ledger.record("ada", "same");
    expect(() => ledger.plan("ada", "same")).toThrow(UnchangedWriteError);
  });

  it("accepts a planned write of a new value", () => {
    const ledger = new WriteLedger("access");
    ledger.record("ada", "old");
    ledger.plan("ada", "new");
    expect(ledger.expected("ada")).toBe("new");
  });

  it("confirms the last write read back from the database", () => {
    const ledger = new WriteLedger("access");
    const value = ledger.next("ada");
    expect(() => ledger.confirm("store", "ada", value)).not.toThrow();
  });

  it("rejects a database that still holds the old value", () => {
    const ledger = new WriteLedger("access");
    ledger.record("ada", "old");
    ledger.next("ada");
    expect(() => ledger.confirm("store", "ada", "old")).toThrow(
      UnchangedWriteError,
    );
  });

  it("rejects a confirmation of a key never written", () => {
    const ledger = new WriteLedger("access");
    expect(() => ledger.confirm("store", "ada", "value")).toThrow(
      /no write to ada was planned/,
    );
  });
});
