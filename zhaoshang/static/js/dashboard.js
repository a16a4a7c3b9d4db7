/* 领导驾驶舱: draws the dashboard from its JSON payload (embedded in the page, so the first
 * paint needs no request) and, on the big screen, fetches it again every few minutes. */
(function () {
  "use strict";

  const root = document.getElementById("dashboard");
  const embedded = document.getElementById("dashboard-data");
  if (!root || !embedded || !window.echarts) {
    return;
  }
  const dark = root.dataset.theme === "dark";
  // The big screen redraws every few minutes and users may ask for less motion: no animation.
  const animate = !dark && !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  const COLORS = dark
    ? {
        main: "#4fd8ff",
        second: "#ffc857",
        good: "#3ddc97",
        bad: "#ff6b6b",
        none: "#5d6f94",
        text: "#dbe6ff",
        muted: "#8ea7d8",
      }
    : {
        main: "#0d6efd",
        second: "#fd7e14",
        good: "#198754",
        bad: "#dc3545",
        none: "#adb5bd",
        text: "#212529",
        muted: "#6c757d",
      };
  const charts = {};

  // ------------------------------------------------------------------ formatting

  const twoPlaces = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 });

  /** [text, unit] of an amount: 万元 below one 亿, 亿元 above (likewise 万美元 / 亿美元). */
  function amount(value, unit) {
    if (value === null || value === undefined) {
      return ["—", ""];
    }
    if (unit === "个") {
      return [whole.format(value), "个"];
    }
    if (Math.abs(value) >= 10000) {
      return [twoPlaces.format(value / 10000), unit.replace("万", "亿")];
    }
    return [twoPlaces.format(value), unit];
  }

  /** The divisor and unit for an axis whose largest value (in 万元) is ``max``. */
  function moneyScale(max) {
    return max >= 10000 ? { divisor: 10000, unit: "亿元" } : { divisor: 1, unit: "万元" };
  }

  /** "numerator/denominator unit" of a rate, both parts in the denominator's unit. */
  function ratio(rate) {
    if (rate.unit === "个") {
      return `${whole.format(rate.numerator)}/${whole.format(rate.denominator)}个`;
    }
    const { divisor, unit } = moneyScale(rate.denominator);
    return `${twoPlaces.format(rate.numerator / divisor)}/${twoPlaces.format(rate.denominator / divisor)}${unit}`;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (value !== null && value !== undefined) {
        node.setAttribute(key, value);
      }
    });
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  // ------------------------------------------------------------------ charts

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id), dark ? "dark" : null);
      // Every chart element that stands for projects carries the drill-down address.
      charts[id].on("click", (params) => {
        const url = params.data && params.data.url;
        if (url) {
          window.location.href = url;
        }
      });
    }
    return charts[id];
  }

  function draw(id, option) {
    chart(id).setOption(
      Object.assign({ backgroundColor: "transparent", textStyle: { fontFamily: FONT }, animation: animate }, option),
      true
    );
  }

  function empty(id, text) {
    draw(id, {
      title: {
        text: text,
        left: "center",
        top: "middle",
        textStyle: { fontSize: 14, fontWeight: "normal", color: COLORS.muted },
      },
    });
  }

  function renderTotals(data) {
    const cards = data.totals.map((t) => {
      const [value, unit] = amount(t.value, t.unit);
      const sub = t.unit === "个" ? "查看明细 ›" : `涉及 ${t.count} 个项目 ›`;
      return el(
        "div",
        { class: "total-card", "data-key": t.key },
        el(
          "div",
          { class: "total-label" },
          t.label,
          el("a", { class: "formula-link", href: t.formula_url, title: `口径：${t.formula_name}` }, "口径")
        ),
        el(
          "a",
          { class: "total-link", href: t.url, title: "查看项目明细" },
          el("div", { class: "total-value" }, value, el("small", {}, unit)),
          el("div", { class: "total-sub" }, sub)
        )
      );
    });
    document.getElementById("totals").replaceChildren(...cards);
  }

  function renderRates(data) {
    const box = document.getElementById("chart-rates");
    const w = box.clientWidth;
    const h = box.clientHeight;
    // Four in a row or two by two, whichever gives the larger dials for the panel's shape.
    const inRow = Math.min(w / 8, h / 2);
    const square = Math.min(w / 4, h / 4);
    const centers =
      inRow >= square
        ? ["12.5%", "37.5%", "62.5%", "87.5%"].map((x) => [x, "52%"])
        : [["27%", "25%"], ["73%", "25%"], ["27%", "75%"], ["73%", "75%"]];
    const radius = Math.floor(Math.max(inRow, square) * 0.88);
    const series = data.rates.map((r, i) => ({
      type: "gauge",
      center: centers[i],
      radius: radius,
      min: 0,
      max: 100,
      splitNumber: 4,
      progress: { show: true, width: 8, itemStyle: { color: r.value === null ? COLORS.none : COLORS.main } },
      axisLine: { lineStyle: { width: 8 } },
      axisTick: { show: false },
      splitLine: { length: 6, lineStyle: { width: 1 } },
      axisLabel: { show: false },
      pointer: { show: false },
      anchor: { show: false },
      // Both texts stay inside the dial, so that neighbouring dials and links never overlap.
      title: { offsetCenter: [0, "62%"], fontSize: dark ? 14 : 12, color: COLORS.text },
      detail: {
        offsetCenter: [0, "0%"],
        fontSize: dark ? 24 : 18,
        fontWeight: "bold",
        color: r.value === null ? COLORS.muted : COLORS.main,
        formatter: () => (r.value === null ? "—" : `${r.value}%`),
      },
      data: [{ value: r.value === null ? 0 : r.value, name: r.label, url: r.url }],
    }));
    draw("chart-rates", {
      tooltip: {
        formatter: (p) => {
          const r = data.rates[p.seriesIndex];
          return `${r.formula_name}<br>${ratio(r)}`;
        },
      },
      series: series,
    });
    const links = data.rates.map((r) =>
      el("a", { href: r.url, title: "查看项目明细" }, `${r.label} ${ratio(r)}`)
    );
    document.getElementById("rate-links").replaceChildren(...links);
  }

  function renderMonthly(data) {
    const months = data.monthly.months;
    const max = Math.max(0, ...months.map((m) => Math.max(m.signed_investment || 0, m.funds_arrived || 0)));
    const { divisor, unit } = moneyScale(max);
    const scaled = (v) => (v === null ? null : Math.round((v / divisor) * 100) / 100);
    document.getElementById("monthly-year").textContent = data.monthly.year;
    draw("chart-monthly", {
      color: [COLORS.main, COLORS.second],
      tooltip: {
        trigger: "axis",
        valueFormatter: (v) => (v === null || v === undefined ? "—" : `${twoPlaces.format(v)} ${unit}`),
      },
      legend: { top: 0, textStyle: { color: COLORS.text } },
      grid: { left: 8, right: 12, top: 34, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: months.map((m) => m.label) },
      yAxis: { type: "value", name: unit, nameTextStyle: { align: "right" } },
      series: [
        {
          name: "签约金额",
          type: "bar",
          barMaxWidth: 22,
          data: months.map((m) => ({ value: scaled(m.signed_investment), url: m.signed_url })),
        },
        {
          name: "到位资金",
          type: "line",
          smooth: true,
          symbolSize: 7,
          data: months.map((m) => ({ value: scaled(m.funds_arrived), url: m.funds_url })),
        },
      ],
    });
  }

  function renderFunnel(data) {
    const rows = data.funnel;
    if (!rows.some((r) => r.count)) {
      empty("chart-funnel", "暂无项目");
      return;
    }
    // Bars centred on one axis, in lifecycle order: a funnel whose widths are the current
    // counts. (ECharts' funnel shape would draw each stage's width from its neighbour's count.)
    const max = Math.max(...rows.map((r) => r.count));
    const palette = ["#6f42c1", "#6610f2", "#0d6efd", "#0dcaf0", "#20c997", "#198754", "#ffc107"];
    draw("chart-funnel", {
      tooltip: {
        formatter: (p) => {
          const r = rows[p.dataIndex];
          const [total, unit] = amount(r.investment, "万元");
          return `${r.label}：${whole.format(r.count)} 个项目<br>总投资 ${total} ${unit}`;
        },
      },
      grid: { left: 4, right: 4, top: 4, bottom: 4, containLabel: false },
      xAxis: { type: "value", max: max, show: false },
      yAxis: { type: "category", inverse: true, show: false, data: rows.map((r) => r.label) },
      series: [
        {
          type: "bar",
          stack: "funnel",
          silent: true,
          itemStyle: { color: "transparent" },
          tooltip: { show: false },
          data: rows.map((r) => (max - r.count) / 2),
        },
        {
          type: "bar",
          stack: "funnel",
          barCategoryGap: "18%",
          label: {
            show: true,
            position: "inside",
            fontSize: dark ? 15 : 13,
            overflow: "none",
            formatter: (p) => `${rows[p.dataIndex].label}  ${whole.format(rows[p.dataIndex].count)}`,
          },
          data: rows.map((r, i) => ({
            value: r.count,
            url: r.url,
            itemStyle: { color: palette[i % palette.length], borderRadius: 3 },
            // A short bar cannot hold its label, which then stands on the panel's background.
            label: { color: r.count >= max * 0.3 ? "#fff" : COLORS.text },
          })),
        },
      ],
    });
  }

  function renderRanking(data) {
    const ranking = data.ranking;
    const rows = ranking.rows;
    document.getElementById("ranking-note").textContent = ranking.published
      ? `已发布：${ranking.period_label}`
      : "尚未发布";
    if (!rows.length) {
      empty("chart-ranking", "尚未发布季度排名");
      return;
    }
    const partial = rows.some((r) => !r.url);
    const change = (r) => (r.change > 0 ? ` ↑${r.change}` : r.change < 0 ? ` ↓${-r.change}` : "");
    draw("chart-ranking", {
      tooltip: {
        formatter: (p) => {
          const r = rows[p.dataIndex];
          return `第${r.rank}名 ${r.name}<br>综合得分 ${r.score}${change(r)}`;
        },
      },
      grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", show: false },
      yAxis: {
        type: "category",
        inverse: true,
        axisTick: { show: false },
        data: rows.map((r) => `${r.rank}. ${r.name}`),
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 16,
          label: {
            show: true,
            position: "right",
            color: COLORS.text,
            formatter: (p) => `${p.value}${change(rows[p.dataIndex])}`,
          },
          data: rows.map((r) => ({
            value: r.score,
            url: r.url,
            // An officer's own county stands out; the others are shown but lead nowhere.
            itemStyle: { color: partial && !r.url ? COLORS.none : COLORS.main },
          })),
        },
      ],
    });
  }

  function renderIndicators(data) {
    const rows = data.indicators;
    if (!rows.length) {
      empty("chart-indicators", "暂无带数值目标的规划指标");
      return;
    }
    const colour = (r) => (r.on_track === true ? COLORS.good : r.on_track === false ? COLORS.bad : COLORS.none);
    const short = (text) => (text.length > 10 ? `${text.slice(0, 10)}…` : text);
    const pct = (value) => (value === null ? "—" : `${value}%`);
    draw("chart-indicators", {
      tooltip: {
        formatter: (p) => {
          const r = rows[p.dataIndex];
          const latest = r.latest === null ? "暂无" : `${r.latest}${r.unit}（${r.latest_period || ""}）`;
          return [
            r.name,
            `目标：${r.target_year || ""}年 ${r.target}${r.unit}${r.qualifier || ""}`,
            `基期：${r.baseline_year || ""}年 ${r.baseline === null ? "—" : r.baseline + r.unit}`,
            `最新：${latest}`,
            `进度：${pct(r.progress_pct)}，应达 ${pct(r.expected_pct)}（${r.status}）`,
          ].join("<br>");
        },
      },
      grid: { left: 8, right: 64, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, show: false },
      yAxis: { type: "category", inverse: true, axisTick: { show: false }, data: rows.map((r) => short(r.name)) },
      series: [
        {
          type: "bar",
          barMaxWidth: 14,
          showBackground: true,
          backgroundStyle: { color: dark ? "rgba(120,150,220,.15)" : "#eef1f6" },
          label: {
            show: true,
            position: "right",
            color: COLORS.text,
            formatter: (p) => pct(rows[p.dataIndex].progress_pct),
          },
          data: rows.map((r) => ({
            value: r.progress_pct === null ? 0 : Math.min(Math.max(r.progress_pct, 0), 100),
            itemStyle: { color: colour(r) },
          })),
        },
        {
          // A tick where the indicator should be by now (the straight line to its target).
          type: "scatter",
          symbol: "rect",
          symbolSize: [3, 18],
          itemStyle: { color: COLORS.text },
          data: rows.map((r) => (r.expected_pct === null ? null : Math.min(r.expected_pct, 100))),
        },
      ],
    });
  }

  function renderLargest(data) {
    // One unit for the whole column, so that the amounts compare at a glance.
    const { divisor, unit } = moneyScale(Math.max(0, ...data.largest.map((p) => p.total_investment)));
    const body = data.largest.map((p, i) => {
      const value = twoPlaces.format(p.total_investment / divisor);
      return el(
        "tr",
        {},
        el("td", {}, String(i + 1)),
        el("td", { class: "name", title: p.name }, el("a", { href: p.url }, p.name)),
        el("td", {}, p.region),
        el("td", { class: "hide-sm" }, p.stage),
        el("td", { class: "money" }, value)
      );
    });
    if (!body.length) {
      body.push(el("tr", {}, el("td", { colspan: "5", class: "text-center text-muted" }, "暂无项目")));
    }
    const head = el(
      "tr",
      {},
      el("th", {}, "#"),
      el("th", {}, "项目名称"),
      el("th", {}, "县(市、区)"),
      el("th", { class: "hide-sm" }, "阶段"),
      el("th", { class: "money" }, `总投资（${unit}）`)
    );
    const table = el("table", { class: "table table-sm table-hover" }, el("thead", {}, head), el("tbody", {}, ...body));
    document.getElementById("largest").replaceChildren(el("div", { class: "table-responsive" }, table));
  }

  function render(data) {
    document.getElementById("period-label").textContent = data.period.label;
    const stamp = data.generated_at.slice(0, 16).replace("T", " ");
    document.getElementById("generated-at").textContent = `数据更新于 ${stamp}`;
    renderTotals(data);
    renderRates(data);
    renderMonthly(data);
    renderFunnel(data);
    renderRanking(data);
    renderIndicators(data);
    renderLargest(data);
  }

  let current = JSON.parse(embedded.textContent);
  render(current);

  let resizing = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      Object.values(charts).forEach((c) => c.resize());
      // The gauges' layout depends on the panel's shape.
      renderRates(current);
    }, 150);
  });

  const refresh = Number(root.dataset.refresh || 0);
  if (refresh > 0) {
    setInterval(() => {
      fetch(root.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => {
          current = data;
          render(data);
        })
        .catch(() => {
          // Keep the last figures on screen; say so instead of going blank.
          document.getElementById("generated-at").textContent += "（刷新失败，稍后重试）";
        });
    }, refresh * 1000);
  }
})();
