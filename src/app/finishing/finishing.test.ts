import { beforeEach, describe, expect, it } from 'vitest';
import { defaultRequest } from '../../recipe/index.ts';
import { parseFinish } from '../../recipe/finish.ts';
import type { Photo } from '../state/session-store.ts';
import { buildJobForm } from '../run/run-job.ts';
import { selectActiveFinish, STARTING_FINISH, useFinish } from './finish-store.ts';
import { finishKey } from './use-refinish.ts';

const photo = { id: 'p', name: 'bottle.jpg', blob: new Blob(['jpeg'], { type: 'image/jpeg' }) } as Photo;

beforeEach(() => useFinish.setState({ on: false, finish: STARTING_FINISH }));

describe('finish store', () => {
  it('sends nothing while off and keeps the settings for when it is switched on again', () => {
    useFinish.getState().setShadowType('cast');
    useFinish.getState().setShadow('angle', 270);
    expect(selectActiveFinish(useFinish.getState())).toEqual({ shadow: { type: 'cast', angle: 270 } });
    useFinish.getState().setOn(false);
    expect(selectActiveFinish(useFinish.getState())).toBeNull();
    useFinish.getState().setOn(true);
    expect(selectActiveFinish(useFinish.getState())).toEqual({ shadow: { type: 'cast', angle: 270 } });
  });

  it('another shadow kind starts from its own defaults, keeping only the colour', () => {
    const s = useFinish.getState();
    s.setShadowType('contact');
    s.setShadow('opacity', 0.9);
    s.setShadow('color', '#402010');
    s.setShadowType('drop');
    expect(useFinish.getState().finish.shadow).toEqual({ type: 'drop', color: '#402010' });
    s.setShadowType('keep');
    expect(useFinish.getState().finish.shadow).toEqual({ type: 'keep' });
  });

  it('clearing a setting goes back to the kind’s default; placement switches on with the defaults', () => {
    const s = useFinish.getState();
    s.setShadowType('cast');
    s.setShadow('elevation', 20);
    s.setShadow('elevation', undefined);
    expect(useFinish.getState().finish.shadow).toEqual({ type: 'cast' });
    s.setPlacementOn(true);
    s.setPlacement('scale', 0.85);
    expect(useFinish.getState().finish.placement).toEqual({ scale: 0.85 });
    s.setPlacementOn(false);
    expect(useFinish.getState().finish).not.toHaveProperty('placement');
    // Every value the store makes validates as the server will validate it.
    expect(parseFinish(useFinish.getState().finish).ok).toBe(true);
  });

  it('drops a restored value that no longer validates', () => {
    useFinish.setState({ on: true, finish: { shadow: { type: 'glow' } } as never });
    useFinish.getState().keepIfValid((value) => parseFinish(value).ok);
    expect(useFinish.getState()).toMatchObject({ on: false, finish: STARTING_FINISH });
  });
});

describe('finishKey', () => {
  it('ignores key order and treats {} as no finishing', () => {
    expect(finishKey({ shadow: { type: 'cast', angle: 90 } })).toBe(
      finishKey({ shadow: { angle: 90, type: 'cast' } }),
    );
    expect(finishKey({})).toBe(finishKey(null));
    expect(finishKey(undefined)).toBe('none');
    expect(finishKey({ shadow: { type: 'none' } })).not.toBe('none');
  });
});

describe('buildJobForm and finishing', () => {
  it('sends finishing as its own field beside the request, never inside it', () => {
    const request = defaultRequest('claid');
    const finish = { shadow: { type: 'contact' as const } };
    const form = buildJobForm({ photo, dialect: 'claid', request, executor: 'claid', finish }, null);
    expect(JSON.parse(String(form.get('finish')))).toEqual(finish);
    expect(String(form.get('request'))).not.toContain('shadow');
    const none = buildJobForm({ photo, dialect: 'claid', request, executor: 'claid', finish: null }, null);
    expect(none.has('finish')).toBe(false);
  });
});
