import type { Sequelize } from "sequelize";
import { poolOf } from "../../src/data-access/pg-connections.js";

/** Counts the statements run on `sequelize` while `during` runs (each takes one connection from the pool). */
export async function statementsDuring<T>(sequelize: Sequelize, during: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const pool = poolOf(sequelize);
  const getConnection = pool.getConnection;
  let statements = 0;
  pool.getConnection = (options) => {
    statements++;
    return getConnection.call(pool, options);
  };
  try {
    return { result: await during(), statements };
  } finally {
    pool.getConnection = getConnection;
  }
}
