/** The $filter subset: parsing, Graph's validation rules, and evaluation. */
import { GraphHttpError } from '../../sandbox/graph/errors';
import { compileFilter, parseFilter, type FilterSchema } from '../../sandbox/graph/odata-filter';

const schema: FilterSchema = {
  resource: 'User',
  properties: {
    displayName: { operators: ['eq', 'ne', 'startswith', 'in', 'endswith'] },
    department: { operators: ['eq', 'in', 'startswith'] },
    accountEnabled: { operators: ['eq', 'ne'] },
    mail: { operators: ['eq'] },
    assignedLicenses: { operators: ['any'] },
    'assignedLicenses/skuId': { operators: ['eq'] },
  },
};

const people = [
  { displayName: "Liam O'Brien", department: 'Engineering', accountEnabled: true, mail: null, assignedLicenses: [{ skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06' }] },
  { displayName: 'Megan Bowen', department: 'IT', accountEnabled: true, mail: 'megan@contoso.test', assignedLicenses: [] },
  { displayName: 'Luis Ortega', department: 'Sales', accountEnabled: false, mail: 'luis@contoso.test', assignedLicenses: [{ skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900' }] },
];

function run(filter: string, advanced = false): string[] {
  const predicate = compileFilter(filter, schema, advanced) as (item: unknown) => boolean;
  return people.filter(predicate).map((p) => p.displayName);
}

function errorOf(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (error) {
    const e = error as GraphHttpError;
    return { status: e.status, code: e.code, message: e.message };
  }
  throw new Error('expected an error');
}

describe('$filter', () => {
  it.each([
    ["department eq 'sales'", ['Luis Ortega']],
    ["startswith(displayName,'l')", ["Liam O'Brien", 'Luis Ortega']],
    ["displayName eq 'Liam O''Brien'", ["Liam O'Brien"]],
    ["department in ('IT','Sales')", ['Megan Bowen', 'Luis Ortega']],
    ["startswith(displayName,'L') and (department eq 'Sales' or department eq 'HR')", ['Luis Ortega']],
    ['accountEnabled eq false', ['Luis Ortega']],
    ['mail eq null', ["Liam O'Brien"]],
    ['assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900)', ['Luis Ortega']],
  ])('when filtering %s, then it returns %j', (filter, expected) => {
    expect(run(filter)).toEqual(expected);
  });

  it('when an advanced operator is used with an advanced query, then it evaluates', () => {
    expect(run('accountEnabled ne true', true)).toEqual(['Luis Ortega']);
    expect(run("not(department eq 'IT')", true)).toEqual(["Liam O'Brien", 'Luis Ortega']);
    expect(run("endswith(displayName,'bowen')", true)).toEqual(['Megan Bowen']);
  });

  it('when ne is used outside an advanced query, then Graph refuses it as Request_UnsupportedQuery', () => {
    expect(errorOf(() => run('accountEnabled ne true'))).toEqual({ status: 400, code: 'Request_UnsupportedQuery', message: "Unsupported property filter clause operator 'NotEqualsMatch'." });
  });

  it('when a property or operator is not filterable, then the error names the property and resource', () => {
    expect(errorOf(() => run("jobTitle eq 'x'")).message).toBe("Unsupported or invalid query filter clause specified for property 'jobTitle' of resource 'User'.");
    expect(errorOf(() => run("startswith(mail,'m')")).code).toBe('Request_UnsupportedQuery');
  });

  it('when the filter is malformed, then it is a BadRequest with the position', () => {
    for (const bad of ["department eq", "department eq 'x' and", "(department eq 'x'", "department xx 'y'", "displayName eq 'unterminated"]) {
      expect(errorOf(() => parseFilter(bad)).code).toBe('BadRequest');
    }
  });
});
