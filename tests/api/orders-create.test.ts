/**
 * What order.create records about who reports and where, and what it refuses, in the words a
 * person sees.
 */
import { DISPATCHER, REPORTER, createOrder, err, useDemoCloud } from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));

describe('order.create', () => {
  it("files a resident's unit report under the unit they registered, whatever the payload claims", async () => {
    const order = await createOrder(url, { location: { kind: 'unit', text: '厨房', building: '9栋', room: '909' } });
    expect(order.location).toEqual({ kind: 'unit', text: '厨房', building: '1栋', room: '101' });
    expect(order).toMatchObject({ source: 'resident', reporter: { openid: REPORTER, name: '张伟' } });
  });

  it('lets the service center report for someone by phone, naming the unit', async () => {
    const order = await createOrder(url, {
      as: DISPATCHER,
      onBehalfOf: { name: '王先生', phone: '13811112222' },
      location: { kind: 'unit', text: '卫生间', building: '5栋', room: '502' },
    });
    expect(order).toMatchObject({
      source: 'phone',
      createdBy: DISPATCHER,
      reporter: { openid: '', name: '王先生', phone: '13811112222' },
      location: { building: '5栋', room: '502' },
    });
  });

  it('refuses, in Chinese, a resident reporting for someone else and a top-level category', async () => {
    const onBehalf = await err(url, REPORTER, 'order.create', {
      propertyId: 'demo', categoryId: 'demo-water-leak', description: '漏水', location: { kind: 'unit', text: '厨房' }, onBehalfOf: { name: '王先生', phone: '13811112222' },
    });
    expect(onBehalf).toMatchObject({ code: 'FORBIDDEN', message: '只有物业人员可以代报' });
    const parent = await err(url, REPORTER, 'order.create', { propertyId: 'demo', categoryId: 'demo-water', description: '漏水', location: { kind: 'unit', text: '厨房' } });
    expect(parent).toMatchObject({ code: 'INVALID_ARGUMENT', message: '请选择具体的小类', fields: { 'payload.categoryId': expect.any(String) } });
  });

  it('tells a person why a step is refused, in Chinese', async () => {
    const order = await createOrder(url);
    expect(await err(url, REPORTER, 'order.accept', { orderId: order.id })).toMatchObject({ code: 'FORBIDDEN', message: '只有被派单的师傅可以接单' });
    expect(await err(url, DISPATCHER, 'order.close', { orderId: order.id })).toMatchObject({ code: 'CONFLICT', message: '订单当前待派单，不能关闭' });
  });
});
