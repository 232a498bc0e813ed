/** The booking engine's operations run on the shared driver (db/op-driver.ts); its refusals are refusal.ts's. */
export { isUniqueViolation, type Op, one, q, type Row, runOp } from '../../../db/op-driver.js';
export { Refusal } from './refusal.js';
