// The local pipeline's page: polls /api/status every 2 s and lists the dead-letter queue (/api/dlq) when its depth
// changes, after a redrive, or on "List again" (each listing adds one to a message's receive count, as dlq peek does);
// draws the charts with Chart.js and fills the tables. Text goes in with textContent only.
'use strict';

const POLL_MILLIS = 2000;
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function lineChart(id, yTitle) {
  return new Chart(document.getElementById(id), {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, spanGaps: true,
      elements: { point: { radius: 0 } },
      scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } }, x: { ticks: { maxTicksLimit: 8 } } },
      plugins: { legend: { labels: { boxWidth: 12 } } }
    }
  });
}

const charts = {
  tables: lineChart('chart-tables', 'count'),
  queues: lineChart('chart-queues', 'messages'),
  lag: lineChart('chart-lag', 'seconds')
};

// series: [{label, values}] → the chart's datasets, keeping each dataset's colour by position
function setSeries(chart, labels, series) {
  chart.data.labels = labels;
  chart.data.datasets = series.map((s, i) => ({
    label: s.label, data: s.values, borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length],
    borderWidth: 2, borderDash: s.dashed ? [6, 4] : []
  }));
  chart.update();
}

function time(millis) {
  return new Date(millis).toLocaleTimeString([], { hour12: false });
}

function seconds(millis) {
  return millis === null || millis === undefined ? null : millis / 1000;
}

function count(n) {
  return n < 0 ? null : n;
}

function drawCharts(samples) {
  const labels = samples.map(s => time(s.time));
  const tables = [];
  samples.forEach(s => s.tables.forEach(t => { if (!tables.includes(t.table)) tables.push(t.table); }));
  const byTable = (s, name) => s.tables.find(t => t.table === name);
  const itemSeries = [];
  const lagSeries = [{ label: 'pipeline', values: samples.map(s => seconds(s.lagMillis)) }];
  tables.forEach(name => {
    itemSeries.push({ label: name + ' items', values: samples.map(s => { const t = byTable(s, name); return t ? count(t.items) : null; }) });
    itemSeries.push({ label: name + ' documents', dashed: true,
      values: samples.map(s => { const t = byTable(s, name); return t ? count(t.documents) : null; }) });
    if (tables.length > 1) {
      lagSeries.push({ label: name, values: samples.map(s => { const t = byTable(s, name); return t ? seconds(t.lagMillis) : null; }) });
    }
  });
  setSeries(charts.tables, labels, itemSeries);
  setSeries(charts.queues, labels, [
    { label: 'change queue', values: samples.map(s => s.changeQueue) },
    { label: 'dead-letter queue', values: samples.map(s => s.deadLetterQueue) },
    { label: 'stream failures', values: samples.map(s => s.streamFailures) }
  ]);
  setSeries(charts.lag, labels, lagSeries);
}

// rows: arrays of cell values; numbers are right-aligned
function fill(tableId, rows, emptyText) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = body.insertRow();
    const td = tr.insertCell();
    td.colSpan = document.querySelectorAll('#' + tableId + ' th').length;
    td.className = 'empty';
    td.textContent = emptyText;
    return;
  }
  rows.forEach(row => {
    const tr = body.insertRow();
    row.forEach(value => {
      const td = tr.insertCell();
      if (typeof value === 'number') {
        td.className = 'num';
        td.textContent = value.toLocaleString();
      } else {
        td.textContent = value === null || value === undefined ? '-' : value;
      }
    });
  });
}

let dlqDepth = 0;
let dlqShownDepth = -1;

async function getJson(path, init) {
  const reply = await fetch(path, init);
  const body = await reply.json();
  if (!reply.ok) {
    throw new Error(body.error || ('HTTP ' + reply.status));
  }
  return body;
}

async function refreshStatus() {
  const status = await getJson('api/status');
  const samples = status.samples;
  drawCharts(samples);
  const last = samples[samples.length - 1];
  if (last) {
    document.getElementById('updated').textContent = 'updated ' + time(last.time) + ' (every ' + POLL_MILLIS / 1000 + ' s)';
    fill('tables', last.tables.map(t => [t.table, t.alias, t.items < 0 ? 'gone' : t.items, Math.max(0, t.documents),
      t.lagMillis === null ? '-' : (t.lagMillis / 1000).toFixed(1)]), 'no table synced yet');
    dlqDepth = last.deadLetterQueue;
    const depth = document.getElementById('dlq-depth');
    depth.textContent = '(' + dlqDepth + ' message' + (dlqDepth === 1 ? '' : 's') + ')';
    depth.className = dlqDepth > 0 ? 'bad' : '';
  }
  document.getElementById('retry-settings').textContent = '(visibility timeout ' + status.visibilityTimeoutSeconds
    + ' s, dead-lettered after ' + status.maxReceiveCount + ' receives)';
  const now = Date.now();
  fill('retrying', status.retrying.map(r => [r.messageId, r.table, r.key, r.receiveCount + '/' + status.maxReceiveCount,
    (r.lastReceive ? 'dead-lettered in ' : 'delivered again in ') + Math.max(0, Math.round((r.nextReceive - now) / 1000)) + ' s']),
    'no message being retried');
  fill('failures', status.lastFailures.map(f => [new Date(f.failedAt).toLocaleString([], { hour12: false }), f.messageId,
    f.table, f.key, f.sequenceNumber, f.receiveCount, f.reason]), 'no failure noted');
}

async function refreshDlq(force) {
  if (dlqDepth === 0) {
    if (dlqShownDepth !== 0) {
      fill('dlq', [], 'the dead-letter queue is empty');
      dlqShownDepth = 0;
    }
  } else if (force || dlqShownDepth !== dlqDepth) {
    const dlq = await getJson('api/dlq');
    dlqShownDepth = dlqDepth;
    fill('dlq', dlq.messages.map(m => [m.messageId, m.table, m.key, m.sequenceNumber, m.records, m.receives, m.reason]),
      'no message visible (being received or moved)');
  }
  document.getElementById('redrive').disabled = dlqDepth === 0;
  document.getElementById('dlq-list').disabled = dlqDepth === 0;
}

async function tick() {
  try {
    await refreshStatus();
    await refreshDlq(false);
  } catch (e) {
    document.getElementById('updated').textContent = 'not answering: ' + e.message;
  } finally {
    setTimeout(tick, POLL_MILLIS);
  }
}

document.getElementById('redrive').addEventListener('click', async () => {
  const button = document.getElementById('redrive');
  const result = document.getElementById('redrive-result');
  button.disabled = true;
  result.textContent = 'moving the messages back to the change queue…';
  try {
    const task = await getJson('api/redrive', { method: 'POST', headers: { 'X-Ddbsync-Page': '1' } });
    result.textContent = 'redrive ' + task.status + ': ' + task.moved + ' of ' + task.toMove + ' moved'
      + (task.failureReason ? ' (' + task.failureReason + ')' : '');
    await refreshStatus();
    await refreshDlq(true);
  } catch (e) {
    result.textContent = 'redrive failed: ' + e.message;
  }
});

document.getElementById('dlq-list').addEventListener('click', () => refreshDlq(true).catch(e => {
  document.getElementById('redrive-result').textContent = 'listing failed: ' + e.message;
}));

tick();
