import { ValidationError } from 'class-validator';
import { flattenValidationErrors, withoutProperty } from './validation';

describe('the messages of refused fields', () => {
  it('drops the property a message starts with, comparing it as text', () => {
    expect(withoutProperty('email must be a string', 'email')).toBe('must be a string');
    expect(withoutProperty('property ( should not exist', '(')).toBe('should not exist');
    expect(withoutProperty('property (.*.*)*!$ should not exist', '(.*.*)*!$')).toBe('should not exist');
    expect(withoutProperty('emails must be a string', 'email')).toBe('emails must be a string');
  });

  it('names fields whose names are patterns, brackets or escapes, as written', () => {
    const errors = ['(', '[', '\\', '$&', '(.*.*)*!$'].map(
      (property) => Object.assign(new ValidationError(), { property, constraints: { whitelistValidation: `property ${property} should not exist` } }),
    );
    expect(flattenValidationErrors(errors)).toEqual([
      { field: '(', message: 'should not exist' },
      { field: '[', message: 'should not exist' },
      { field: '\\', message: 'should not exist' },
      { field: '$&', message: 'should not exist' },
      { field: '(.*.*)*!$', message: 'should not exist' },
    ]);
  });
});
