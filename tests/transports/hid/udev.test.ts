import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UDEV_RULES_PATH, renderUdevRules, udevAdvice, udevLines } from '../../../src/transports/hid/udev.js';
import { REPO_ROOT } from '../../helpers/cli.js';

describe('udev rules', () => {
  it('the shipped rules file is the one the code describes (regenerate with SC_WRITE_UDEV=1)', () => {
    const path = `${REPO_ROOT}${UDEV_RULES_PATH}`;
    if (process.env.SC_WRITE_UDEV === '1') writeFileSync(path, renderUdevRules());
    expect(readFileSync(path, 'utf8')).toBe(renderUdevRules());
  });

  it('covers Stream Deck, X-keys and the 16c0:05df relays for group plugdev, hidraw and raw USB', () => {
    const text = renderUdevRules();
    expect(text).toContain('KERNEL=="hidraw*", ATTRS{idVendor}=="0fd9", MODE="0660", GROUP="plugdev"');
    expect(text).toContain('SUBSYSTEM=="usb", ATTRS{idVendor}=="05f3", MODE="0660", GROUP="plugdev"');
    expect(text).toContain('KERNEL=="hidraw*", ATTRS{idVendor}=="16c0", ATTRS{idProduct}=="05df", MODE="0660", GROUP="plugdev"');
    // Every rule line is well-formed udev syntax: comma-separated KEY=="v" / KEY="v" pairs.
    for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) {
      expect(line).toMatch(/^([A-Z]+(\{\w+\})?(==|=|\+=)"[^"]*")(, [A-Z]+(\{\w+\})?(==|=|\+=)"[^"]*")*$/);
    }
  });

  it('advice for one device names the rule line that covers it', () => {
    expect(udevAdvice(0x0fd9, 0x0080)).toContain(udevLines(0x0fd9)[1]);
    expect(udevAdvice(0x16c0, 0x05df)).toContain('ATTRS{idProduct}=="05df"');
    // An unknown device gets a rule for exactly its ids.
    expect(udevAdvice(0x1234, 0xabcd)).toContain('ATTRS{idVendor}=="1234", ATTRS{idProduct}=="abcd"');
  });
});
