import { createHmac } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { routesWithoutAnswerSchemaOf, startInMemoryService } from '@pk/test-kit';
import { teacherIdUnder } from '../application/teacher-id';
import { service } from '../service';

// Every route of the service's OpenAPI document says what its success answer carries: a client
// generated from the document would otherwise get an untyped body.

describe('diagnostics OpenAPI document', () => {
  it('documents the success answer of every route', async () => {
    expect(await routesWithoutAnswerSchemaOf(service)).toEqual([]);
  });

  it('describes the registered teacher id as the service makes it: a keyed HMAC-SHA256 as a UUID v8', async () => {
    const api = await startInMemoryService(service);
    try {
      const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
      const teacherId = (
        document.components?.schemas?.['TeacherRegistered'] as {
          properties: Record<string, { format?: string; description?: string }>;
        }
      ).properties['teacherId']!;
      expect(teacherId.format).toBe('uuid');
      expect(teacherId.description).toContain('HMAC-SHA256 of `<region>/teacher/<СНИЛС digits>`');
      expect(teacherId.description).toContain('its first 16 bytes as a UUID version 8');
      expect(teacherId.description).not.toMatch(/v5|version 5/i);

      // …which is what teacherIdUnder does: the MAC's first bytes, version nibble 8
      const key = Buffer.alloc(32, 1);
      const mac = createHmac('sha256', key).update('63/teacher/11223344595').digest('hex');
      const id = teacherIdUnder(key, '63', '11223344595');
      expect(id.replaceAll('-', '').slice(0, 12)).toBe(mac.slice(0, 12));
      expect(id[14]).toBe('8');
    } finally {
      await api.close();
    }
  });
});
