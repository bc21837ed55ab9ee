/** Whose upload a file is (quality.md, Security: a fileID in a payload must belong to the caller). */
import { foreignFiles, ownsFile, pathOf, uploadDirOf } from '../../cloudfunctions/core/files/ownership';

describe('upload folders', () => {
  it('each person has their own folder, named by a hash that does not show the openid', () => {
    const a = uploadDirOf('demo-resident');
    expect(a).toMatch(/^u\/[0-9a-f]{20}$/);
    expect(a).not.toContain('demo-resident');
    expect(uploadDirOf('demo-resident')).toBe(a);
    expect(uploadDirOf('demo-resident-2')).not.toBe(a);
  });

  it.each([
    ['cloud://env-1.6465-env-1-1300000000/u/abc/1.jpg', 'u/abc/1.jpg'],
    ['cloud://env/done/1.jpg', 'done/1.jpg'],
    ['cloud://no-path', undefined],
    ['https://example.com/u/abc/1.jpg', undefined],
  ])('the path of %s is %s', (fileId, path) => {
    expect(pathOf(fileId)).toBe(path);
  });

  it('a file is yours only inside your folder, never by climbing out of it', () => {
    const mine = `cloud://env.bucket/${uploadDirOf('me')}/order-photos/1.jpg`;
    expect(ownsFile('me', mine)).toBe(true);
    expect(ownsFile('you', mine)).toBe(false);
    expect(ownsFile('me', `cloud://env.bucket/${uploadDirOf('me')}/../${uploadDirOf('you')}/1.jpg`)).toBe(false);
    expect(ownsFile('me', `cloud://env.bucket/${uploadDirOf('me')}x/1.jpg`)).toBe(false);
    expect(ownsFile('me', 'cloud://env.bucket/order-photos/1.jpg')).toBe(false);
  });

  it('names each foreign file by its field; files kept from the record pass', () => {
    const mine = `cloud://e.b/${uploadDirOf('me')}/a.jpg`;
    const theirs = `cloud://e.b/${uploadDirOf('them')}/b.jpg`;
    expect(foreignFiles('me', { photos: [mine, theirs], signature: theirs, none: undefined })).toEqual({
      'payload.photos.1': 'not a file you uploaded',
      'payload.signature': 'not a file you uploaded',
    });
    expect(foreignFiles('me', { photos: [mine, theirs] }, new Set([theirs]))).toEqual({});
  });
});
