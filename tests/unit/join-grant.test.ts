import { joinWithInvite } from '../../cloudfunctions/core/people/join-grant';
import type { RoleGrant } from '../../typings/domain';

const LEADER: RoleGrant = {
  propertyId: 'demo',
  role: 'technician',
  teamId: 'demo-team-eng',
  teamPath: ['demo-team-eng'],
  leader: true,
  staffNo: 'G001',
  skills: ['水电', '家电', '公区'],
  areas: ['1栋', '2栋'],
};
const RESIDENT: RoleGrant = { propertyId: 'demo', role: 'resident', building: '1栋', room: '101' };
const ELSEWHERE: RoleGrant = { propertyId: 'demo-2', role: 'technician', teamId: 'demo2-team-eng', teamPath: ['demo2-team-eng'], staffNo: 'X9' };

describe('joinWithInvite', () => {
  it('gives a newcomer the grant the invite describes, with no skills when it names none', () => {
    expect(joinWithInvite([], { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac', teamPath: ['demo-team-eng', 'demo-team-eng-hvac'], skills: ['家电'] })).toEqual([
      { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac', teamPath: ['demo-team-eng', 'demo-team-eng-hvac'], skills: ['家电'] },
    ]);
    expect(joinWithInvite([], { propertyId: 'demo', role: 'dispatcher' })).toEqual([{ propertyId: 'demo', role: 'dispatcher', skills: [] }]);
  });

  it('keeps a leader who re-joins their own team exactly as they were, in place', () => {
    const roles = [RESIDENT, LEADER, ELSEWHERE];
    expect(joinWithInvite(roles, { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', teamPath: ['demo-team-eng'] })).toEqual(roles);
  });

  it('changes only the skills when the invite names some', () => {
    const [, grant] = joinWithInvite([RESIDENT, LEADER], { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', teamPath: ['demo-team-eng'], skills: ['空调'] });
    expect(grant).toEqual({ ...LEADER, skills: ['空调'] });
  });

  it('moves a member to another team with its path, keeping 工号, skills and areas but not the leadership of the old team', () => {
    const roles = joinWithInvite([LEADER], { propertyId: 'demo', role: 'technician', teamId: 'demo-team-night', teamPath: ['demo-team-night'] });
    expect(roles).toEqual([
      { propertyId: 'demo', role: 'technician', teamId: 'demo-team-night', teamPath: ['demo-team-night'], staffNo: 'G001', skills: ['水电', '家电', '公区'], areas: ['1栋', '2栋'] },
    ]);
  });

  it('keeps the team of a grant when the invite names none', () => {
    const dispatcher: RoleGrant = { propertyId: 'demo', role: 'dispatcher', teamId: 'demo-team-service', teamPath: ['demo-team-service'], leader: true, staffNo: 'K001' };
    expect(joinWithInvite([dispatcher], { propertyId: 'demo', role: 'dispatcher' })).toEqual([dispatcher]);
  });

  it('adds a grant for another role, touching no other grant', () => {
    const roles = joinWithInvite([LEADER, ELSEWHERE], { propertyId: 'demo', role: 'dispatcher' });
    expect(roles).toEqual([LEADER, ELSEWHERE, { propertyId: 'demo', role: 'dispatcher', skills: [] }]);
  });

  it('merges into the grant of the invited property only, collapsing a duplicate of it', () => {
    const dup: RoleGrant = { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' };
    const roles = joinWithInvite([ELSEWHERE, LEADER, dup], { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', teamPath: ['demo-team-eng'] });
    expect(roles).toEqual([ELSEWHERE, LEADER]);
  });
});
