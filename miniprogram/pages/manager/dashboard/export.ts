/**
 * 导出报修台账: the period's orders as an XLSX file (report.export), downloaded and opened in
 * WeChat's document viewer, whose menu forwards it to a chat or to 文件传输助手 for a computer.
 * Cloud mode downloads by fileID (wx.cloud.downloadFile: no download domain to configure); local
 * mode by the URL local-cloud answers (wx.downloadFile, as DevTools allows with urlCheck off).
 */
import type { ReportExport } from '../../../../typings/report';
import { isLocalMode } from '../../../config/env';

function download(file: ReportExport): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = (res: { tempFilePath: string; statusCode?: number }): void => {
      if (res.statusCode !== undefined && res.statusCode !== 200) reject(new Error(`download: HTTP ${res.statusCode}`));
      else resolve(res.tempFilePath);
    };
    if (isLocalMode()) wx.downloadFile({ url: file.url, success: done, fail: (e) => reject(new Error(e.errMsg)) });
    else wx.cloud.downloadFile({ fileID: file.fileID, success: done, fail: (e: { errMsg: string }) => reject(new Error(e.errMsg)) });
  });
}

function open(filePath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true, success: () => resolve(), fail: (e) => reject(new Error(e.errMsg)) });
  });
}

/** Downloads the exported file and opens it; rejects with what failed. */
export async function openExport(file: ReportExport): Promise<void> {
  await open(await download(file));
}
