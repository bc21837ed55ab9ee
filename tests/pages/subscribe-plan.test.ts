/**
 * planSubscribe: whom the subscribe prompt asks, and whether our own explanation comes first, from
 * what wx.getSetting({ withSubscriptions: true }) says of the person's remembered answers.
 */
import { planSubscribe } from '../../miniprogram/utils/subscribe';

const IDS = ['tpl-accepted', 'tpl-arrived', 'tpl-done'];

describe('planSubscribe', () => {
  it('explains and asks for every template when nothing is remembered, or the settings are unknown', () => {
    expect(planSubscribe(IDS, { mainSwitch: true })).toEqual({ ids: IDS, explain: true });
    expect(planSubscribe(IDS, { mainSwitch: true, itemSettings: {} })).toEqual({ ids: IDS, explain: true });
    expect(planSubscribe(IDS, undefined)).toEqual({ ids: IDS, explain: true });
  });

  it('asks without explaining when every template is kept as accepted (WeChat answers without a prompt)', () => {
    const itemSettings = { 'tpl-accepted': 'accept', 'tpl-arrived': 'accept', 'tpl-done': 'accept' };
    expect(planSubscribe(IDS, { mainSwitch: true, itemSettings })).toEqual({ ids: IDS, explain: false });
  });

  it('leaves out templates kept as rejected or banned, and explains while one is still open', () => {
    expect(planSubscribe(IDS, { mainSwitch: true, itemSettings: { 'tpl-accepted': 'reject', 'tpl-arrived': 'ban' } })).toEqual({ ids: ['tpl-done'], explain: true });
    expect(planSubscribe(IDS, { mainSwitch: true, itemSettings: { 'tpl-accepted': 'reject', 'tpl-arrived': 'accept', 'tpl-done': 'accept' } })).toEqual({
      ids: ['tpl-arrived', 'tpl-done'],
      explain: false,
    });
    expect(planSubscribe(IDS, { mainSwitch: true, itemSettings: { 'tpl-accepted': 'accept' } })).toEqual({ ids: IDS, explain: true });
  });

  it('asks nothing when every template is kept as rejected, or subscriptions are switched off', () => {
    const itemSettings = { 'tpl-accepted': 'reject', 'tpl-arrived': 'reject', 'tpl-done': 'reject' };
    expect(planSubscribe(IDS, { mainSwitch: true, itemSettings })).toEqual({ ids: [], explain: false });
    expect(planSubscribe(IDS, { mainSwitch: false })).toEqual({ ids: [], explain: false });
    expect(planSubscribe([], { mainSwitch: true })).toEqual({ ids: [], explain: false });
  });
});
