--[[
quarto.lua: the parts of Quarto's Markdown semantics our evaluation reports use, for plain
pandoc (HTML and Typst writers). Used by programme_evaluation.render when Quarto itself is
not installed; real Quarto renders the same .qmd without this filter.

What it does, in order (each step is one pass over the document):
  1. callouts     ::: {.callout-note} (tip, important, warning, caution) with an optional
                  first "## Title" or title="..." -> a titled box (HTML div / Typst #callout)
  2. numbering    figures with #fig- ids and tables with #tbl- ids are numbered in document
                  order; headings get section numbers as pandoc --number-sections gives them
  3. cross-refs   @fig-x / @tbl-x / @sec-x (pandoc reads them as citations) -> links reading
                  "Figure N" / "Table N" / "Section N" (the section title when sections are
                  unnumbered); -@fig-x -> "N". Any other citation is left as its literal
                  text, so no bibliography is ever needed.
  4. presentation captions get "Figure N: " / "Table N: "; figure alt text comes from
                  fig-alt; RAG badges, big numbers and {{< pagebreak >}} are written out.

Numbers are written into the text by this filter (the Typst template turns Typst's own
figure numbering off), so HTML, PDF and the cross-references always agree.
]]

local stringify = pandoc.utils.stringify

local is_typst = FORMAT:match("typst") ~= nil
local is_html = FORMAT:match("html") ~= nil

local CALLOUT_TITLES = {
  note = "Note", tip = "Tip", important = "Important", warning = "Warning", caution = "Caution",
}

-- What each cross-referenceable id resolves to: { kind = "fig"|"tbl"|"sec", number = "2",
-- title = Inlines }.
local targets = {}
local number_sections = false

--- Typst markup for a list of inlines (pandoc escapes Typst's special characters).
local function typst_inlines(inlines)
  local text = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "typst")
  return (text:gsub("%s+$", ""))
end

--- A Typst string literal.
local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function warn(message)
  io.stderr:write("[quarto.lua] WARNING: " .. message .. "\n")
end

------------------------------------------------------------------------------------------
-- 1. Callouts
------------------------------------------------------------------------------------------

local function callout_kind(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind and CALLOUT_TITLES[kind] then return kind end
  end
  if div.classes:includes("callout") then return "note" end
  return nil
end

local function callout(div)
  local kind = callout_kind(div)
  if not kind then return nil end
  local body = div.content
  local title
  -- Quarto takes the title from a title="..." attribute or, failing that, a first heading.
  if div.attributes.title then
    title = pandoc.Inlines(div.attributes.title)
  elseif #body > 0 and body[1].t == "Header" then
    title = body[1].content
    body = pandoc.Blocks({ table.unpack(body, 2) })
  else
    title = pandoc.Inlines(CALLOUT_TITLES[kind])
  end

  if is_typst then
    local blocks = pandoc.Blocks({
      pandoc.RawBlock("typst", string.format("#callout(kind: %s, title: [%s])[",
        typst_string(kind), typst_inlines(title))),
    })
    blocks:extend(body)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  return pandoc.Div({
    pandoc.Div(pandoc.Plain(title), pandoc.Attr("", { "callout-title" })),
    pandoc.Div(body, pandoc.Attr("", { "callout-body" })),
  }, pandoc.Attr(div.identifier, { "callout", "callout-" .. kind }, { role = "note" }))
end

------------------------------------------------------------------------------------------
-- 2. Numbering (document order, so a top-down walk)
------------------------------------------------------------------------------------------

local function number_targets(doc)
  local meta_number = doc.meta["number-sections"]
  number_sections = meta_number == true or stringify(meta_number or "") == "true"

  local figure_count, table_count = 0, 0
  local levels = { 0, 0, 0, 0, 0, 0 }
  local function record(id, entry)
    if id == "" then return end
    if targets[id] then warn("duplicate id #" .. id) end
    targets[id] = entry
  end

  doc:walk({
    traverse = "topdown",
    Figure = function(fig)
      if fig.identifier:match("^fig%-") then
        figure_count = figure_count + 1
        record(fig.identifier, { kind = "fig", number = tostring(figure_count) })
      end
    end,
    Table = function(tbl)
      if tbl.identifier:match("^tbl%-") then
        table_count = table_count + 1
        record(tbl.identifier, { kind = "tbl", number = tostring(table_count) })
      end
    end,
    Header = function(header)
      local number = nil
      if not header.classes:includes("unnumbered") then
        -- As pandoc --number-sections (and Typst's "1.1") count: bump this level, reset deeper.
        levels[header.level] = levels[header.level] + 1
        for deeper = header.level + 1, #levels do levels[deeper] = 0 end
        local parts = {}
        for level = 1, header.level do parts[#parts + 1] = tostring(levels[level]) end
        number = table.concat(parts, ".")
      end
      record(header.identifier, { kind = "sec", number = number, title = header.content })
    end,
  })
  return doc
end

------------------------------------------------------------------------------------------
-- 3. Cross-references
------------------------------------------------------------------------------------------

local PREFIX = { fig = "Figure", tbl = "Table", sec = "Section" }

local function reference_text(citation, target)
  local number_only = citation.mode == "SuppressAuthor"
  if target.kind == "sec" and not (number_sections and target.number) then
    return target.title
  end
  if number_only then return pandoc.Inlines(target.number) end
  return pandoc.Inlines(PREFIX[target.kind] .. "\u{a0}" .. target.number)
end

local function cross_reference(cite)
  local out = pandoc.Inlines({})
  for index, citation in ipairs(cite.citations) do
    local id = citation.id
    if not (id:match("^fig%-") or id:match("^tbl%-") or id:match("^sec%-")) then
      -- Not ours: keep what was written (e.g. "@someone"), never a bibliography lookup.
      return cite.content
    end
    if index > 1 then out:insert(pandoc.Str(", ")) end
    local target = targets[id]
    if target then
      out:insert(pandoc.Link(reference_text(citation, target), "#" .. id, "", pandoc.Attr("", { "quarto-xref" })))
    else
      -- Quarto shows an unresolved reference as a bold "?@id" and warns.
      warn("unresolved cross-reference @" .. id)
      out:insert(pandoc.Strong(pandoc.Inlines("?@" .. id)))
    end
  end
  return out
end

------------------------------------------------------------------------------------------
-- 4. Presentation
------------------------------------------------------------------------------------------

local function caption_label(prefix, number)
  return pandoc.Inlines({ pandoc.Strong(pandoc.Inlines(prefix .. "\u{a0}" .. number .. ":")), pandoc.Space() })
end

local function prefix_caption(caption, label)
  local long = caption.long
  if #long > 0 and (long[1].t == "Plain" or long[1].t == "Para") then
    local content = label:clone()
    content:extend(long[1].content)
    long[1].content = content
  else
    long:insert(1, pandoc.Plain(label))
  end
  caption.long = long
  return caption
end

--- The image inside a figure: fig-alt (Quarto's alt text attribute) becomes the alt text.
local function figure_image(fig)
  local image = nil
  fig:walk({ Image = function(img) image = image or img end })
  return image
end

--- Typst image(...) call with alt text and a width (default: the text width).
local function typst_image(img)
  local path = img.src
  if not path:match("^/") and not path:match("^%a+://") then
    -- Typst resolves paths against its root, which render.py sets to "/"; the .qmd's
    -- folder is the first --resource-path.
    local base = (PANDOC_STATE.resource_path or { "." })[1]
    path = pandoc.path.normalize(pandoc.path.join({ base, path }))
  end
  local alt = img.attributes["fig-alt"] or img.attributes["alt"] or stringify(img.caption)
  local width = img.attributes.width or "100%"
  if width:match("^%d+%%$") == nil and width:match("^[%d.]+%a%a$") == nil then width = "100%" end
  return string.format("image(%s, alt: %s, width: %s)", typst_string(path), typst_string(alt), width)
end

local function figure(fig)
  local target = targets[fig.identifier]
  if target then fig.caption = prefix_caption(fig.caption, caption_label("Figure", target.number)) end
  local img = figure_image(fig)
  if is_typst and img then
    local label = fig.identifier ~= "" and ("<" .. fig.identifier .. ">") or ""
    return pandoc.RawBlock("typst", string.format("#figure(%s, caption: [%s])%s",
      typst_image(img), typst_inlines(pandoc.utils.blocks_to_inlines(fig.caption.long)), label))
  end
  if img and img.attributes["fig-alt"] then
    -- HTML: alt text is the image's description, not its caption.
    fig = fig:walk({ Image = function(i)
      i.attributes.alt = i.attributes["fig-alt"]
      i.attributes["fig-alt"] = nil
      return i
    end })
  end
  return fig
end

local function numbered_table(tbl)
  local target = targets[tbl.identifier]
  if target then tbl.caption = prefix_caption(tbl.caption, caption_label("Table", target.number)) end
  return tbl
end

--- A standalone image outside a figure still needs its alt text in Typst.
local function inline_image(img)
  if is_typst then return pandoc.RawInline("typst", "#box(" .. typst_image(img) .. ")") end
  if img.attributes["fig-alt"] then
    img.attributes.alt = img.attributes["fig-alt"]
    img.attributes["fig-alt"] = nil
  end
  return img
end

local RAG = { ["rag-green"] = "green", ["rag-amber"] = "amber", ["rag-red"] = "red" }

local function span(el)
  if is_typst and el.classes:includes("rag") then
    local status = "grey"
    for _, class in ipairs(el.classes) do status = RAG[class] or status end
    return { pandoc.RawInline("typst", "#rag-badge(" .. typst_string(status) .. ")["),
      el, pandoc.RawInline("typst", "]") }
  end
  if is_typst and el.classes:includes("figure") then
    return { pandoc.RawInline("typst", "#big-figure["), el, pandoc.RawInline("typst", "]") }
  end
  return nil
end

local function big_number(div)
  if not div.classes:includes("big-number") then return nil end
  if is_typst then
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#big-number[") })
    blocks:extend(div.content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  return nil
end

--- {{< pagebreak >}} alone in a paragraph (pandoc reads the shortcode as plain words).
local function pagebreak(para)
  if stringify(para):match("^{{<%s*pagebreak%s*>}}$") == nil then return nil end
  if is_typst then return pandoc.RawBlock("typst", "#pagebreak(weak: true)") end
  if is_html then
    -- As Quarto does: invisible on screen, a page break when printed.
    return pandoc.RawBlock("html", '<div class="page-break" style="page-break-after: always;"></div>')
  end
  return {}
end

--- Pandoc's Typst writer (3.9) leaves two Typst markup shorthands unescaped: "..." (an
--- ellipsis) and "-?" (a soft hyphen, which would make the text vanish). Text from data
--- must print as written, so those become escaped characters.
local function typst_literal_text(str)
  if not is_typst or not (str.text:find("...", 1, true) or str.text:find("-?", 1, true)) then
    return nil
  end
  local written, out, i = typst_inlines({ str }), {}, 1
  while i <= #written do
    local char = written:sub(i, i)
    if char == "\\" then -- already an escape: keep it and the character it escapes
      out[#out + 1] = written:sub(i, i + 1)
      i = i + 2
    elseif written:sub(i, i + 2) == "..." then
      out[#out + 1] = "\\.\\.\\."
      i = i + 3
    elseif written:sub(i, i + 1) == "-?" then
      out[#out + 1] = "\\-?"
      i = i + 2
    else
      out[#out + 1] = char
      i = i + 1
    end
  end
  return pandoc.RawInline("typst", table.concat(out))
end

--- The writer escapes a list or heading marker at the start of a paragraph but not at the
--- start of a table cell ("[- text]" is a Typst list), so escape it wherever a block starts.
local function typst_block_start(block)
  if not is_typst then return nil end
  local first = block.content[1]
  if not first or first.t ~= "Str" then return nil end
  local marker, rest = first.text:match("^([-+=/])(.*)$")
  if not marker then marker, rest = first.text:match("^(%d+%.)(.*)$") end
  if not marker then return nil end
  block.content[1] = pandoc.Str(rest)
  block.content:insert(1, pandoc.RawInline("typst", (marker:gsub("([-+=/.])", "\\%1"))))
  return block
end

return {
  { Div = callout },
  { Pandoc = number_targets },
  { Cite = cross_reference },
  { Figure = figure, Table = numbered_table },
  { Image = inline_image, Span = span, Div = big_number, Para = pagebreak },
  { Plain = typst_block_start, Para = typst_block_start },
  { Str = typst_literal_text },
}
