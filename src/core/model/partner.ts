import { z } from 'zod';
import { line, text } from './fields';
import { idSchema } from './ids';

/** An organisation people are referred by or handed to (e.g. a resettlement organisation). */
export const partnerSchema = z.strictObject({
  id: idSchema,
  name: line(120),
  contact: text(300).optional(),
});
export type Partner = z.infer<typeof partnerSchema>;
