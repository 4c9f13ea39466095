import { describe, expect, expectTypeOf, it } from "vitest";

import { type SqliteTx, type WriteTransaction, writeTransactionFor } from "./transaction";

describe("writeTransaction's type", () => {
  it("accepts a synchronous callback and returns its result", () => {
    expectTypeOf<WriteTransaction>().toBeCallableWith((_tx: SqliteTx) => 42);
    expectTypeOf<ReturnType<typeof check>>().toEqualTypeOf<number>();
    function check(transaction: WriteTransaction) {
      return transaction(() => 42);
    }
  });

  it("rejects an async callback at compile time", () => {
    // pnpm typecheck fails if this line ever compiles: the directive then is unused.
    // @ts-expect-error an async callback would run outside the transaction
    const misuse = (transaction: WriteTransaction) => transaction(async () => 42);
    expect(misuse).toBeTypeOf("function");
    expect(writeTransactionFor).toBeTypeOf("function");
  });
});
