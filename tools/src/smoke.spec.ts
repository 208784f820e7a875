test('workspace runs', () => { expect(1).toBe(1); });
