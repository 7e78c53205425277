import { esc } from '../../oidc/pages.js';
import type { SimulatedPerson } from './people.js';

/** The simulator's sign-in page: pick a test person. Dev-only, so its Vietnamese text lives here. */
export function simulatorLoginPage(action: string, people: readonly SimulatedPerson[]): string {
  const choices = people
    .map(
      (p) => `<li><button type="submit" name="personalId" value="${esc(p.personalId)}">
        <strong>${esc(p.name)}</strong><br>Tài khoản định danh điện tử mức ${p.level}</button></li>`,
    )
    .join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>VNeID (mô phỏng) – Đăng nhập</title>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f4f6f8;color:#1a1a1a}
header{background:#a50e0e;color:#fff;padding:12px 16px;font-weight:600}main{max-width:32rem;margin:0 auto;padding:16px}
ul{list-style:none;padding:0}li{margin:0 0 12px}button{width:100%;min-height:44px;text-align:left;padding:12px;
font:inherit;border:2px solid #0b4f8a;border-radius:8px;background:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #f2a900;outline-offset:2px}</style></head>
<body><header>VNeID – máy chủ mô phỏng (chỉ dùng khi phát triển và kiểm thử)</header>
<main><h1>Chọn người dùng thử để đăng nhập</h1>
<form method="post" action="${esc(action)}"><ul>${choices}</ul></form></main></body></html>`;
}
